// planDownloads: which keys get-objects writes, and the line for each it does not.
import assert from "node:assert/strict";
import { planDownloads } from "../../lib/objects/download-plan.ts";

const keys = (...names: string[]) => names.map((key) => ({ key, size: 1 }));
const written = (plan: ReturnType<typeof planDownloads>) =>
  plan.work.map((item) => `${item.key} -> ${item.segments.join("/")}${item.directory ? "/" : ""}`);

Deno.test("keys sharing a file: the exact spelling wins, else the first; the others are named", () => {
  const plan = planDownloads(keys("a/./b", "a/b", "d//x", "d/x", "e//y", "e/./y", "f"));
  assert.deepEqual(written(plan), ["a/b -> a/b", "d/x -> d/x", "e//y -> e/y", "f -> f"]);
  assert.deepEqual([...plan.skipped.values()], [
    "Skipped: a/./b (same local path as a/b)",
    "Skipped: d//x (same local path as d/x)",
    "Skipped: e/./y (same local path as e//y)",
  ]);
});

Deno.test("directory markers: empty ones are directories, ones with content are named", () => {
  const plan = planDownloads([
    { key: "folder/", size: 0 },
    { key: "full/", size: 12 },
    { key: ".", size: 3 },
    { key: "x/.", size: 5 },
    { key: "y/.", size: 0 },
    { key: "named/" },
  ]);
  assert.deepEqual(written(plan), ["folder/ -> folder/", "y/. -> y/", "named/ -> named/"]);
  assert.deepEqual([...plan.skipped.values()], [
    "Skipped: full/ (a directory marker with 12 bytes of content)",
    "Skipped: . (a directory marker with 3 bytes of content)",
    "Skipped: x/. (a directory marker with 5 bytes of content)",
  ]);
});

Deno.test("a file whose path another key needs as a directory is named, whatever the order", () => {
  for (const order of [["a", "a/b"], ["a/b", "a"]]) {
    const plan = planDownloads(keys(...order));
    assert.deepEqual(written(plan), ["a/b -> a/b"]);
    assert.deepEqual([...plan.skipped.values()], [
      "Skipped: a (its local path is a directory for a/b)",
    ]);
  }
  const marker = planDownloads([{ key: "m", size: 1 }, { key: "m/", size: 0 }]);
  assert.deepEqual(written(marker), ["m/ -> m/"]);
  assert.deepEqual([...marker.skipped.keys()], ["m"]);
});

Deno.test("refused keys are named and nothing else is touched", () => {
  const plan = planDownloads(keys("../x", "ok"));
  assert.deepEqual(written(plan), ["ok -> ok"]);
  assert.deepEqual([...plan.skipped.values()], ["Refused: ../x (it contains a '..' segment)"]);
});
