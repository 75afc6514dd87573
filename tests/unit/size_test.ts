// Size labels of the progress bars.
import assert from "node:assert/strict";
import { countOf, formatSize } from "../../lib/output/size.ts";

Deno.test("sizes as the reference prints them", () => {
  assert.equal(formatSize(0), "0.0 bytes");
  assert.equal(formatSize(5), "5.0 bytes");
  assert.equal(formatSize(1023), "1023.0 bytes");
  assert.equal(formatSize(1024), "1.0 KB");
  assert.equal(formatSize(1536), "1.5 KB");
  assert.equal(formatSize(3_000_000), "2.9 MB");
  assert.equal(formatSize(1024 ** 3), "1.0 GB");
  assert.equal(formatSize(5 * 1024 ** 4), "5.0 TB");
});

Deno.test("exact ties round to even, like the reference's formatter", () => {
  assert.equal(formatSize(1280), "1.2 KB"); // 1.25
  assert.equal(formatSize(1792), "1.8 KB"); // 1.75
  assert.equal(formatSize(2.25 * 1024 * 1024), "2.2 MB");
  assert.equal(formatSize(1048575), "1024.0 KB");
});

Deno.test("1024 TB and more are PB, not a bare number", () => {
  assert.equal(formatSize(1024 ** 5), "1.0 PB");
  assert.equal(formatSize(2048 * 1024 ** 5), "2048.0 PB");
});

Deno.test("file counts: singular only for exactly one", () => {
  assert.equal(countOf(0, "file"), "0 files");
  assert.equal(countOf(1, "file"), "1 file");
  assert.equal(countOf(3, "object"), "3 objects");
});
