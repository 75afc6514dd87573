// The object commands load the AWS SDK, lib-storage and the MIME table only
// when they run (dynamic imports), so --help and usage errors stay fast.
import assert from "node:assert/strict";

interface ModuleInfo {
  specifier: string;
  dependencies?: { isDynamic?: boolean; code?: { specifier: string } }[];
}

const root = new URL("../../", import.meta.url);
const COMMANDS = [
  "list-bucket",
  "put-object",
  "put-objects",
  "get-object",
  "get-objects",
  "delete-objects",
];

Deno.test("object command files reach the SDK only through dynamic imports", async () => {
  const files = COMMANDS.map((name) => new URL(`lib/cli/commands/${name}.ts`, root));
  const output = await new Deno.Command(Deno.execPath(), {
    // main.ts reaches every command (dynamically), so its graph has them all.
    args: ["info", "--json", new URL("main.ts", root).pathname],
    cwd: root.pathname,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assert.ok(output.success, "deno info failed");
  const { modules } = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    modules: ModuleInfo[];
  };
  const graph = new Map(modules.map((m) => [m.specifier, m]));
  for (const file of files) {
    const seen = new Set<string>();
    const queue = [file.href];
    while (queue.length > 0) {
      const specifier = queue.pop()!;
      if (seen.has(specifier)) continue;
      seen.add(specifier);
      for (const dep of graph.get(specifier)?.dependencies ?? []) {
        if (!dep.isDynamic && dep.code) queue.push(dep.code.specifier);
      }
    }
    assert.ok(seen.size > 3, `${file.pathname}: the closure was followed`);
    const heavy = [...seen].filter((s) =>
      /@aws-sdk|@smithy|lib-storage|\/mime@|\/lib\/aws\//.test(s)
    );
    assert.deepEqual(heavy, [], file.pathname);
  }
  assert.ok(graph.has(new URL("lib/aws/upload.ts", root).href), "the dynamic imports are there");
});
