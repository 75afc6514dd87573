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

Deno.test("a stop signal aborts the running tasks, starts no more, and its reason is thrown", async () => {
  const stop = new AbortController();
  const reason = new Error("interrupted");
  const started: number[] = [];
  const aborted: number[] = [];
  const run = forEachConcurrently([1, 2, 3, 4, 5], 2, async (n, signal) => {
    started.push(n);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        aborted.push(n);
        resolve();
      });
    });
  }, stop.signal);
  await delay(20);
  stop.abort(reason);
  await assert.rejects(run, (e) => e === reason);
  assert.deepEqual(started, [1, 2]);
  assert.deepEqual(aborted.sort(), [1, 2]);
  // Already stopped: nothing starts at all.
  await assert.rejects(
    forEachConcurrently([1], 1, () => Promise.reject(new Error("started")), stop.signal),
    (e) => e === reason,
  );
});
