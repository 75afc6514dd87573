// Where get-objects writes a key: never outside the output directory.
import assert from "node:assert/strict";
import { localPlaceForKey } from "../../lib/objects/local-path.ts";

Deno.test("ordinary keys become files below the directory", () => {
  assert.deepEqual(localPlaceForKey("a.txt"), { kind: "file", segments: ["a.txt"] });
  assert.deepEqual(localPlaceForKey("tree/sub/b.json"), {
    kind: "file",
    segments: ["tree", "sub", "b.json"],
  });
  assert.deepEqual(localPlaceForKey("a//b/./c"), { kind: "file", segments: ["a", "b", "c"] });
  assert.deepEqual(localPlaceForKey("..a/b.."), { kind: "file", segments: ["..a", "b.."] });
  assert.deepEqual(localPlaceForKey("back\\slash"), { kind: "file", segments: ["back\\slash"] });
});

Deno.test("directory markers are directories, not files", () => {
  assert.deepEqual(localPlaceForKey("folder/"), { kind: "directory", segments: ["folder"] });
  assert.deepEqual(localPlaceForKey("a/b/"), { kind: "directory", segments: ["a", "b"] });
  assert.deepEqual(localPlaceForKey("./"), { kind: "directory", segments: [] });
});

Deno.test("keys that would escape the directory are refused", () => {
  for (const key of ["../x", "a/../../b", "a/../b", "..", "x/.."]) {
    const place = localPlaceForKey(key);
    assert.equal(place.kind, "refused", key);
    assert.match((place as { reason: string }).reason, /'\.\.' segment/);
  }
  for (const key of ["/abs.txt", "/", "//etc/passwd"]) {
    assert.deepEqual(localPlaceForKey(key), {
      kind: "refused",
      reason: "it is an absolute path",
    });
  }
  assert.equal(localPlaceForKey("a\0b").kind, "refused");
  assert.equal(localPlaceForKey("").kind, "refused");
});

Deno.test("on Windows, backslashes separate and drive letters are refused", () => {
  assert.equal(localPlaceForKey("..\\evil", true).kind, "refused");
  assert.equal(localPlaceForKey("\\abs", true).kind, "refused");
  assert.equal(localPlaceForKey("C:/x", true).kind, "refused");
  assert.deepEqual(localPlaceForKey("a\\b.txt", true), { kind: "file", segments: ["a", "b.txt"] });
});
