import assert from "node:assert/strict";
import { splitAttachedShortValues } from "../../lib/cli/app.ts";

Deno.test("a value attached to a short option is split off: -d15m means -d 15m", () => {
  assert.deepEqual(splitAttachedShortValues(["create", "bkt", "-d15m", "-fini"]), [
    "create",
    "bkt",
    "-d",
    "15m",
    "-f",
    "ini",
  ]);
});

Deno.test("flags without values, long options and arguments after -- are left alone", () => {
  assert.deepEqual(splitAttachedShortValues(["create", "-c", "--duration=15m", "--", "-d15m"]), [
    "create",
    "-c",
    "--duration=15m",
    "--",
    "-d15m",
  ]);
  assert.deepEqual(splitAttachedShortValues(["policy", "-x1"]), ["policy", "-x1"]);
  assert.deepEqual(splitAttachedShortValues([]), []);
});
