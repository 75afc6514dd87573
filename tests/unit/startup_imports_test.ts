// policy, --help and --version must start fast: nothing they load may pull in the AWS SDK.
import assert from "node:assert/strict";

interface Dependency {
  isDynamic?: boolean;
  code?: { specifier: string };
}
interface ModuleInfo {
  specifier: string;
  dependencies?: Dependency[];
}

const root = new URL("../../", import.meta.url);

async function moduleGraph(): Promise<Map<string, ModuleInfo>> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", new URL("main.ts", root).pathname],
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
  const graph = await moduleGraph();
  const local = (path: string) => new URL(path, root).href;
  const stricli = [...graph.keys()].find((s) => s.includes("@stricli/core") && s.endsWith(".js"));
  assert.ok(stricli, "stricli is in the graph");
  // main.ts, then what it imports dynamically for every command, then the policy command.
  const loaded = staticClosure(graph, [
    local("main.ts"),
    stricli,
    local("lib/cli/app.ts"),
    local("lib/cli/report.ts"),
    local("lib/cli/commands/policy.ts"),
  ]);
  assert.ok(loaded.has(local("lib/policy/statements.ts")), "the closure was followed");
  const sdk = [...loaded].filter((s) => /@aws-sdk|@smithy|\/lib\/aws\/(?!describe-error)/.test(s));
  assert.deepEqual(sdk, []);
  // The create command reaches the SDK only through a dynamic import.
  const create = staticClosure(graph, [local("lib/cli/commands/create.ts")]);
  assert.deepEqual([...create].filter((s) => s.includes("@aws-sdk")), []);
  assert.ok(graph.has(local("lib/aws/create.ts")), "create's AWS module is in the graph");
});
