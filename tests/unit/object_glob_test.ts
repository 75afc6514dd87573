// get-objects -p patterns: the reference's shell-style globs.
import assert from "node:assert/strict";
import { globToRegExp, keyMatcher } from "../../lib/objects/glob.ts";

const matches = (pattern: string, key: string) => globToRegExp(pattern).test(key);

Deno.test("* matches any run of characters, / included", () => {
  assert.ok(matches("*.txt", "a.txt"));
  assert.ok(matches("*.txt", "tree/sub/a.txt"));
  assert.ok(matches("*", ""));
  assert.ok(matches("tree/*", "tree/sub/b.json"));
  assert.ok(matches("a**b", "a/x/b"));
  assert.ok(!matches("*.txt", "a.txt.bak"));
  assert.ok(!matches("tree/*", "other/tree/a"));
});

Deno.test("? matches exactly one character (one code point)", () => {
  assert.ok(matches("?.txt", "a.txt"));
  assert.ok(matches("?.txt", "/.txt"));
  assert.ok(matches("?.txt", "é.txt"));
  assert.ok(matches("?.txt", "😀.txt"));
  assert.ok(!matches("?.txt", "ab.txt"));
  assert.ok(!matches("?.txt", ".txt"));
});

Deno.test("the whole key must match, case-sensitively", () => {
  assert.ok(!matches("a.txt", "xa.txt"));
  assert.ok(!matches("A.txt", "a.txt"));
  assert.ok(matches("a.txt", "a.txt"));
});

Deno.test("character classes, negation and ranges", () => {
  assert.ok(matches("[ab].txt", "a.txt"));
  assert.ok(!matches("[ab].txt", "c.txt"));
  assert.ok(matches("[!ab].txt", "c.txt"));
  assert.ok(!matches("[!ab].txt", "a.txt"));
  assert.ok(matches("log-[0-9][0-9]", "log-42"));
  assert.ok(!matches("log-[0-9]", "log-x"));
  assert.ok(matches("[]].txt", "].txt"));
  assert.ok(matches("[!]].txt", "a.txt"));
  assert.ok(matches("[a-].txt", "-.txt"));
  assert.ok(matches("[^a]", "^"), "^ is literal inside a class, as in fnmatch");
  assert.ok(!matches("[z-a]", "m"), "an empty range matches nothing");
});

Deno.test("regular-expression characters are literal", () => {
  assert.ok(matches("a.b", "a.b"));
  assert.ok(!matches("a.b", "axb"));
  assert.ok(matches("(x)+{1}|$^\\", "(x)+{1}|$^\\"));
  assert.ok(matches("[", "["), "an unclosed [ is literal");
  assert.ok(matches("a[b", "a[b"));
  assert.ok(matches("line\nbreak*", "line\nbreak\nmore"), "* crosses newlines in keys");
});

Deno.test("keyMatcher: any of several patterns", () => {
  const match = keyMatcher(["*.txt", "data/*"]);
  assert.ok(match("x.txt"));
  assert.ok(match("data/y.bin"));
  assert.ok(!match("y.bin"));
  assert.ok(!keyMatcher([])("anything"));
});
