// The bounded-concurrency helper of put-objects and get-objects.
import assert from "node:assert/strict";
import { forEachConcurrently } from "../../lib/concurrency.ts";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("runs every item, at most `limit` at a time, and that many", async () => {
  let running = 0;
  let most = 0;
  const done: number[] = [];
  await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    most = Math.max(most, ++running);
    await delay(5);
    running--;
    done.push(n);
  });
  assert.deepEqual(done.sort(), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(most, 3);
});

Deno.test("the first failure aborts the running tasks, starts no more, and is thrown after", async () => {
  const started: number[] = [];
  const settled: number[] = [];
  const error = new Error("boom");
  await assert.rejects(
    forEachConcurrently([1, 2, 3, 4, 5, 6], 2, async (n, signal) => {
      started.push(n);
      try {
        if (n === 2) throw error;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 1000);
          signal.addEventListener("abort", () => {
            clearTimeout(timer);
            resolve();
          });
        });
      } finally {
        settled.push(n);
      }
    }),
    (e) => e === error,
  );
  assert.deepEqual(started, [1, 2]);
  assert.deepEqual(settled.sort(), [1, 2], "the running task ended before the error surfaced");
});

Deno.test("an empty list and a bad limit", async () => {
  await forEachConcurrently([], 4, () => Promise.reject(new Error("never")));
  await assert.rejects(forEachConcurrently([1], 0, async () => {}), RangeError);
});
