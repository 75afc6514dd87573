// lib/aws wraps the SDK and nothing else: no module in it may import (even
// for types) the renderers, the local file system, object planning, memory
// management or the transfer orchestration built on top of it.
import assert from "node:assert/strict";

interface Dependency {
  code?: { specifier: string };
  type?: { specifier: string };
}
interface ModuleInfo {
  specifier: string;
  dependencies?: Dependency[];
}

const root = new URL("../../", import.meta.url);

/** Folders of lib/ that lib/aws must not import. */
const ABOVE_AWS = ["output", "local", "objects", "gc.ts", "transfer"];

/** Imports still allowed, as "importer -> imported" (paths below lib/): none now. */
const ALLOWED = new Set<string>();

/** The module graph of every file of lib/aws, from one entry that imports them all. */
async function awsGraph(): Promise<ModuleInfo[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(new URL("lib/aws/", root))) {
    if (entry.isFile && entry.name.endsWith(".ts")) files.push(entry.name);
  }
  assert.ok(files.length > 10, "lib/aws was read");
  const dir = await Deno.makeTempDir();
  try {
    const entry = `${dir}/all_aws.ts`;
    await Deno.writeTextFile(
      entry,
      files.map((name) => `import "${new URL(`lib/aws/${name}`, root).href}";\n`).join(""),
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

/** "importer -> imported" for every import (code or type) from lib/aws into lib/. */
function awsImports(modules: ModuleInfo[]): string[] {
  const lib = new URL("lib/", root).href;
  const imports: string[] = [];
  for (const module of modules) {
    if (!module.specifier.startsWith(`${lib}aws/`)) continue;
    for (const dependency of module.dependencies ?? []) {
      for (const target of [dependency.code?.specifier, dependency.type?.specifier]) {
        if (target?.startsWith(lib)) {
          imports.push(`${module.specifier.slice(lib.length)} -> ${target.slice(lib.length)}`);
        }
      }
    }
  }
  return [...new Set(imports)];
}

Deno.test("lib/aws imports nothing of the layers above it", async () => {
  const imports = awsImports(await awsGraph());
  assert.ok(imports.includes("aws/shared-config.ts -> errors.ts"), "the imports were read");
  const upward = imports.filter((line) => {
    const target = line.split(" -> ")[1];
    return ABOVE_AWS.some((layer) => target === layer || target.startsWith(`${layer}/`));
  });
  assert.deepEqual(upward.filter((line) => !ALLOWED.has(line)), []);
  // An exception that is no longer needed is removed, so it cannot hide a new import.
  assert.deepEqual([...ALLOWED].filter((line) => !upward.includes(line)), []);
});
