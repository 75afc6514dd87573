import assert from "node:assert/strict";
import { COMMANDS_DOC, commandsMarkdown } from "../../scripts/command-docs.ts";

Deno.test("docs/commands.md is what the commands' --help prints (run deno task docs)", async () => {
  const written = await Deno.readTextFile(COMMANDS_DOC);
  assert.equal(written, await commandsMarkdown());
});
