// The bundle entry must name every command module, or the bundle and the
// executables would lack that command. Importing it also type-checks every command.
import assert from "node:assert/strict";
import { COMMANDS } from "../../lib/cli/app.ts";
import { COMMAND_MODULES } from "../../scripts/bundle-entry.ts";

Deno.test("the bundle entry lists exactly the registered commands, each exporting its command", async () => {
  assert.deepEqual(Object.keys(COMMAND_MODULES).sort(), Object.keys(COMMANDS).sort());
  for (const [name, exportName] of Object.entries(COMMANDS)) {
    const module = await COMMAND_MODULES[name]();
    assert.ok(module[exportName], `${name} exports ${exportName}`);
  }
});

Deno.test("every command file in lib/cli/commands is registered", async () => {
  const files: string[] = [];
  for await (const entry of Deno.readDir(new URL("../../lib/cli/commands/", import.meta.url))) {
    if (entry.isFile && entry.name.endsWith(".ts")) files.push(entry.name.slice(0, -3));
  }
  assert.deepEqual(files.sort(), Object.keys(COMMANDS).sort());
});
