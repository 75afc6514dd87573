import assert from "node:assert/strict";
import { splitAttachedShortValues } from "../../lib/cli/app.ts";
import { loadRoutes } from "../../lib/cli/registry.ts";

const split = async (args: string[]) => splitAttachedShortValues(await loadRoutes(args), args);

Deno.test("a value attached to a short option is split off: -d15m means -d 15m", async () => {
  assert.deepEqual(await split(["create", "bkt", "-d15m", "-fini"]), [
    "create",
    "bkt",
    "-d",
    "15m",
    "-f",
    "ini",
  ]);
});

Deno.test("flags without values, long options and arguments after -- are left alone", async () => {
  assert.deepEqual(await split(["create", "-c", "--duration=15m", "--", "-d15m"]), [
    "create",
    "-c",
    "--duration=15m",
    "--",
    "-d15m",
  ]);
  assert.deepEqual(await split(["policy", "-x1"]), ["policy", "-x1"]);
  assert.deepEqual(await split([]), []);
});
