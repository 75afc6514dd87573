// policy, --help and --version must start fast: nothing they load may pull in the AWS SDK.
import assert from "node:assert/strict";
import { COMMANDS } from "../../lib/cli/registry.ts";

interface Dependency {
  isDynamic?: boolean;
  code?: { specifier: string };
}
interface ModuleInfo {
  specifier: string;
  dependencies?: Dependency[];
}

const root = new URL("../../", import.meta.url);

async function moduleGraph(entry: string): Promise<Map<string, ModuleInfo>> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", new URL(entry, root).pathname],
    cwd: root.pathname,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assert.ok(output.success, "deno info failed");
  const { modules } = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    modules: ModuleInfo[];
  };
  return new Map(modules.map((m) => [m.specifier, m]));
}

/** Modules loaded as soon as `starts` are: their static imports, transitively. */
function staticClosure(graph: Map<string, ModuleInfo>, starts: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length > 0) {
    const specifier = queue.pop()!;
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    for (const dep of graph.get(specifier)?.dependencies ?? []) {
      if (!dep.isDynamic && dep.code) queue.push(dep.code.specifier);
    }
  }
  return seen;
}

Deno.test("what a policy run loads never includes the AWS SDK", async () => {
  const graph = await moduleGraph("main.ts");
  const local = (path: string) => new URL(path, root).href;
  const stricli = [...graph.keys()].find((s) => s.includes("@stricli/core") && s.endsWith(".js"));
  assert.ok(stricli, "stricli is in the graph");
  // main.ts, then what it imports dynamically for every command, then the policy command.
  const loaded = staticClosure(graph, [
    local("main.ts"),
    stricli,
    local("lib/cli/app.ts"),
    local("lib/cli/registry.ts"),
    local("lib/cli/context.ts"),
    local("lib/cli/report.ts"),
    local("lib/cli/commands/policy.ts"),
  ]);
  assert.ok(loaded.has(local("lib/policy/permission-statements.ts")), "the closure was followed");
  // helper-messages.ts: the name main.ts checks to serve as get-objects' helper (types besides).
  const sdk = [...loaded].filter((s) =>
    /@aws-sdk|@smithy|\/lib\/(aws|actions|transfer)\/(?!describe-error|helper-messages)/.test(s)
  );
  assert.deepEqual(sdk, []);
  assert.ok(graph.has(local("lib/actions/create.ts")), "create's AWS module is in the graph");
});

Deno.test("every command reaches the SDK and mime only by dynamic import", async () => {
  const graph = await moduleGraph("main.ts");
  for (const name of Object.keys(COMMANDS)) {
    const file = new URL(`lib/cli/commands/${name}.ts`, root).href;
    const loaded = staticClosure(graph, [file]);
    assert.ok(loaded.size > 1, `${name}: the closure was followed`);
    const heavy = [...loaded].filter((s) =>
      /@aws-sdk|@smithy|\/mime@|\/lib\/(aws|actions|transfer)\/(?!describe-error)/.test(s)
    );
    assert.deepEqual(heavy, [], name);
  }
});

Deno.test("main.ts reaches the command modules only through the registry's dynamic imports", async () => {
  const graph = await moduleGraph("main.ts");
  const commands = [...graph.keys()].filter((s) => s.includes("/lib/cli/commands/"));
  // Every command is in the graph (so the bundler and deno compile include it) ...
  assert.equal(commands.length, Object.keys(COMMANDS).length);
  // ... but nothing main.ts loads at start-up imports one statically.
  const loaded = staticClosure(graph, [new URL("main.ts", root).href]);
  const registry = graph.get(new URL("lib/cli/registry.ts", root).href);
  assert.ok(registry?.dependencies?.some((d) => d.isDynamic), "the registry imports dynamically");
  assert.deepEqual([...loaded].filter((s) => s.includes("/lib/cli/commands/")), []);
});

Deno.test("every command file is registered once and default-exports its command", async () => {
  const files: string[] = [];
  for await (const entry of Deno.readDir(new URL("lib/cli/commands/", root))) {
    if (entry.isFile && entry.name.endsWith(".ts")) files.push(entry.name.slice(0, -3));
  }
  assert.deepEqual(files.sort(), Object.keys(COMMANDS).sort());
  for (const [name, { load }] of Object.entries(COMMANDS)) {
    const module = await load();
    assert.equal(typeof module.default?.loader, "function", `${name} exports a command`);
  }
});
