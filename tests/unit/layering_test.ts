// The folders of lib/ are layers: lib/aws wraps the SDK and knows nothing of
// commands; lib/policy, lib/output, lib/objects and lib/bucket are pure; no
// file or folder of lib/ depends on itself through others.
import assert from "node:assert/strict";

interface Dependency {
  specifier: string;
  isDynamic?: boolean;
  code?: { specifier: string };
  type?: { specifier: string };
}
interface ModuleInfo {
  specifier: string;
  dependencies?: Dependency[];
}

/** One import between two files of lib/ (paths below lib/). */
interface Edge {
  readonly from: string;
  readonly to: string;
  readonly dynamic: boolean;
}

const root = new URL("../../", import.meta.url);
const lib = new URL("lib/", root);

/** Folders with no I/O and no AWS: they may import each other and these shared modules only. */
const PURE = ["policy", "output", "objects", "bucket"];
const PURE_MAY_IMPORT = [...PURE, "errors.ts", "credentials.ts"];

/** Text that says lib/aws knows about the CLI: our error types, and remedies naming commands. */
const NOT_IN_AWS = ["CliError", "UsageError", "s3-credentials ", "aws s3api"];

/** Every .ts file below lib/, as paths below lib/. */
async function libFiles(dir = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(new URL(dir, lib))) {
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory) files.push(...await libFiles(`${path}/`));
    else if (entry.name.endsWith(".ts")) files.push(path);
  }
  return files;
}

/** The module graph of every file of lib/, from one entry that imports them all. */
async function libGraph(files: string[]): Promise<ModuleInfo[]> {
  const dir = await Deno.makeTempDir();
  try {
    const entry = `${dir}/all_lib.ts`;
    await Deno.writeTextFile(
      entry,
      files.map((path) => `import "${new URL(path, lib).href}";\n`).join(""),
    );
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", "--config", new URL("deno.json", root).pathname, entry],
      cwd: root.pathname,
      stdout: "piped",
      stderr: "inherit",
    }).output();
    assert.ok(output.success, "deno info failed");
    return (JSON.parse(new TextDecoder().decode(output.stdout)) as { modules: ModuleInfo[] })
      .modules;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const files = await libFiles();
const modules = await libGraph(files);
const belowLib = (specifier: string) =>
  specifier.startsWith(lib.href) ? specifier.slice(lib.href.length) : undefined;

/** Every import (code or type, static or dynamic) from a file of lib/ to another. */
const edges: Edge[] = modules.flatMap((module) => {
  const from = belowLib(module.specifier);
  if (!from) return [];
  return (module.dependencies ?? []).flatMap((dependency) =>
    [dependency.code?.specifier, dependency.type?.specifier]
      .map((target) => target && belowLib(target))
      .filter((to): to is string => to !== undefined)
      .map((to) => ({ from, to, dynamic: dependency.isDynamic === true }))
  );
});

/** The folder below lib/ a path is in, or the file itself for those at the top (errors.ts). */
const folderOf = (path: string) => path.split("/")[0];
const inFolder = (path: string, folders: readonly string[]) => folders.includes(folderOf(path));
const line = (edge: Edge) => `${edge.from} -> ${edge.to}`;

/** A cycle of `graph` as its nodes in order, first repeated at the end; undefined if acyclic. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node];
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

function graphOf(pairs: [string, string][]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [from, to] of pairs) {
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  }
  return graph;
}

Deno.test("the whole of lib/ was read", () => {
  assert.ok(files.length > 100, "lib/ was listed");
  assert.ok(edges.some((e) => line(e) === "actions/create.ts -> errors.ts"), "imports were read");
  assert.ok(
    edges.some((e) => e.dynamic && line(e) === "cli/context.ts -> aws/clients.ts"),
    "dynamic imports were read",
  );
  assert.ok(edges.some((e) => line(e) === "output/account-rows.ts -> output/account-listings.ts"));
});

Deno.test("lib/aws imports nothing from the rest of lib/, not even types", () => {
  const outward = edges.filter((e) => folderOf(e.from) === "aws" && folderOf(e.to) !== "aws");
  assert.deepEqual(outward.map(line), []);
});

Deno.test("lib/aws knows nothing of the CLI: no CliError, UsageError or command names", async () => {
  const awsFiles = files.filter((path) => folderOf(path) === "aws");
  assert.ok(awsFiles.length > 5, "lib/aws was read");
  const found: string[] = [];
  for (const path of awsFiles) {
    const text = await Deno.readTextFile(new URL(path, lib));
    for (const word of NOT_IN_AWS) if (text.includes(word)) found.push(`${path}: '${word}'`);
  }
  assert.deepEqual(found, []);
});

Deno.test("lib/policy, lib/output, lib/objects and lib/bucket do no I/O and load no SDK", async () => {
  const outward = edges.filter((e) => inFolder(e.from, PURE) && !inFolder(e.to, PURE_MAY_IMPORT));
  assert.deepEqual(outward.map(line), []);
  // The SDK's types describe the data they shape; its code would mean a call.
  const sdkCode = modules.flatMap((module) => {
    const from = belowLib(module.specifier);
    if (!from || !inFolder(from, PURE)) return [];
    return (module.dependencies ?? [])
      .filter((d) => d.code && /^(npm:)?@(aws-sdk|smithy)\//.test(d.specifier))
      .map((d) => `${from} -> ${d.specifier}`);
  });
  assert.deepEqual(sdkCode, []);
  const io: string[] = [];
  for (const path of files.filter((path) => inFolder(path, PURE))) {
    const text = await Deno.readTextFile(new URL(path, lib));
    if (/\bDeno\.|["']node:(fs|net|http|https|child_process)/.test(text)) io.push(path);
  }
  assert.deepEqual(io, []);
});

Deno.test("no file of lib/ imports itself through others", () => {
  // Dynamic imports count too: a cycle through a lazy import() is still a tangle to read.
  const cycle = findCycle(graphOf(edges.map((e) => [e.from, e.to])));
  assert.deepEqual(cycle, undefined);
});

Deno.test("the folders of lib/ form layers: no cycle between them", () => {
  const between = edges.filter((e) => folderOf(e.from) !== folderOf(e.to));
  const cycle = findCycle(graphOf(between.map((e) => [folderOf(e.from), folderOf(e.to)])));
  assert.deepEqual(cycle, undefined);
});
