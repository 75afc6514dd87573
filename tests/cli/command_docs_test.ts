import assert from "node:assert/strict";
import {
  commandIndexMarkdown,
  COMMANDS_DOC,
  commandsMarkdown,
  INDEX_END,
  INDEX_START,
  README,
  withCommandIndex,
} from "../../scripts/command-docs.ts";

Deno.test("docs/commands.md is what the commands' --help prints (run deno task docs)", async () => {
  const written = await Deno.readTextFile(COMMANDS_DOC);
  assert.equal(written, await commandsMarkdown());
});

Deno.test("the README's command index is the registry's, with each brief (run deno task docs)", async () => {
  const readme = await Deno.readTextFile(README);
  const index = await commandIndexMarkdown();
  assert.match(index, /^- \[`list-bucket`\]\(docs\/commands\.md#list-bucket\) — /m);
  const lines = (text: string) =>
    text.slice(text.indexOf(INDEX_START), text.indexOf(INDEX_END)).split("\n");
  assert.deepEqual(lines(readme), lines(withCommandIndex(readme, index)));
});
