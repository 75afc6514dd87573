// Which keys get-objects downloads: each once, in the reference's order.
import assert from "node:assert/strict";
import { needsListing, selectKeys } from "../../lib/objects/selection.ts";

const LISTED = [
  { key: "a.txt", size: 1 },
  { key: "b.json", size: 2 },
  { key: "tree/c.txt", size: 3 },
  { key: "tree/d.json", size: 4 },
];

Deno.test("the bucket is listed without named keys, or with any pattern", () => {
  assert.equal(needsListing([], []), true);
  assert.equal(needsListing(["a"], []), false);
  assert.equal(needsListing(["a"], ["*.txt"]), true);
});

Deno.test("no keys and no patterns: everything listed, in listing order", () => {
  assert.deepEqual(selectKeys([], LISTED, []), LISTED);
});

Deno.test("named keys come first, unsized unless listed", () => {
  assert.deepEqual(selectKeys(["x", "a.txt"], [], []), [{ key: "x", size: undefined }, {
    key: "a.txt",
    size: undefined,
  }]);
});

Deno.test("patterns add their matches in pattern order, each key once", () => {
  const selected = selectKeys(["b.json"], LISTED, ["tree/*", "*.txt", "*.json"]);
  assert.deepEqual(selected, [
    { key: "b.json", size: 2 },
    { key: "tree/c.txt", size: 3 },
    { key: "tree/d.json", size: 4 },
    { key: "a.txt", size: 1 },
  ]);
});

Deno.test("a key named twice is downloaded once", () => {
  assert.deepEqual(selectKeys(["x", "x"], [], []).map((s) => s.key), ["x"]);
});
