// put-objects key naming and Content-Type guessing.
import assert from "node:assert/strict";
import {
  directoryFileKey,
  directorySegment,
  fileKey,
  joinPath,
  lastForEachKey,
  normalisePath,
  parseKeyPrefix,
} from "../../lib/objects/upload-keys.ts";
import { contentTypeFor } from "../../lib/objects/content-type.ts";

Deno.test("paths print as the reference normalises them", () => {
  assert.equal(normalisePath("./deep"), "deep");
  assert.equal(normalisePath("tree/"), "tree");
  assert.equal(normalisePath("a//b/./c/"), "a/b/c");
  assert.equal(normalisePath("."), ".");
  assert.equal(normalisePath("./"), ".");
  assert.equal(normalisePath("/abs/dir/"), "/abs/dir");
  assert.equal(normalisePath("../up"), "../up");
  assert.equal(joinPath(".", "a.txt"), "a.txt");
  assert.equal(joinPath("./tree/", "sub/b.json"), "tree/sub/b.json");
});

Deno.test("a file keeps its base name", () => {
  assert.equal(fileKey("top.txt"), "top.txt");
  assert.equal(fileKey("/abs/dir/x.txt"), "x.txt");
  assert.equal(fileKey("../other/y.bin"), "y.bin");
});

Deno.test("a directory's files keep the directory's own name as the first segment", () => {
  for (const path of ["tree", "tree/", "./tree", "/abs/tree", "../x/tree"]) {
    assert.equal(directorySegment(path, "ignored"), "tree", path);
  }
  assert.equal(directoryFileKey("tree", "sub/b.json"), "tree/sub/b.json");
});

Deno.test("`.` uploads its contents without a segment, as the reference does", () => {
  assert.equal(directorySegment(".", "project"), "");
  assert.equal(directorySegment("./", "project"), "");
  assert.equal(directoryFileKey("", "sub/b.json"), "sub/b.json");
});

Deno.test("`..` never reaches a key: the directory is named by its resolved name", () => {
  assert.equal(directorySegment("..", "project"), "project");
  assert.equal(directorySegment("../..", "home"), "home");
  assert.equal(directorySegment("sub/..", "project"), "project");
  assert.equal(directoryFileKey(directorySegment("..", "project"), "a.txt"), "project/a.txt");
  assert.equal(directorySegment("/", ""), "");
});

Deno.test("--prefix: a / is added once, leading slashes are dropped, empty is none", () => {
  assert.equal(parseKeyPrefix("pre"), "pre/");
  assert.equal(parseKeyPrefix("pre/"), "pre/");
  assert.equal(parseKeyPrefix("a/b"), "a/b/");
  assert.equal(parseKeyPrefix("/x"), "x/");
  assert.equal(parseKeyPrefix("//x/"), "x/");
  assert.equal(parseKeyPrefix(""), "");
  assert.equal(parseKeyPrefix("/"), "");
});

Deno.test("--prefix with a `..` or `.` segment is refused", () => {
  assert.throws(() => parseKeyPrefix("../x"), /must not contain '.' or '..' segments/);
  assert.throws(() => parseKeyPrefix("a/../b"), /segments/);
  assert.throws(() => parseKeyPrefix("a/./b"), /segments/);
  assert.equal(parseKeyPrefix("a..b"), "a..b/");
});

Deno.test("Content-Type comes from the extension; unknown ones get none", () => {
  assert.equal(contentTypeFor("notes.txt"), "text/plain");
  assert.equal(contentTypeFor("dir/page.html"), "text/html");
  assert.equal(contentTypeFor("data.json"), "application/json");
  assert.equal(contentTypeFor("style.css"), "text/css");
  assert.equal(contentTypeFor("photo.JPG"), "image/jpeg");
  assert.equal(contentTypeFor("archive.unknownext"), undefined);
  assert.equal(contentTypeFor("Makefile"), undefined);
});

Deno.test("files that map to one key: the last one given is uploaded", () => {
  const files = [
    { key: "x.txt", path: "a/x.txt" },
    { key: "y.txt", path: "y.txt" },
    { key: "x.txt", path: "b/x.txt" },
  ];
  assert.deepEqual(lastForEachKey(files), [
    { key: "x.txt", path: "b/x.txt" },
    { key: "y.txt", path: "y.txt" },
  ]);
});
