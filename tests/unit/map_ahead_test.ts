// mapAhead: per-item requests overlap, the output keeps the source's order.
import assert from "node:assert/strict";
import { mapAhead } from "../../lib/concurrency.ts";

async function* numbers(n: number) {
  for (let i = 0; i < n; i++) yield i;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("results come in source order even when later ones finish first", async () => {
  let running = 0;
  let most = 0;
  const results: number[] = [];
  for await (
    const value of mapAhead(numbers(10), 3, async (i) => {
      most = Math.max(most, ++running);
      await delay((10 - i) * 2);
      running--;
      return i * 10;
    })
  ) results.push(value);
  assert.deepEqual(results, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  assert.equal(most, 3, "at most `limit` calls at once, and that many");
});

Deno.test("a failure surfaces in its turn, after the results before it", async () => {
  const results: number[] = [];
  await assert.rejects(async () => {
    for await (
      const value of mapAhead(numbers(5), 4, async (i) => {
        // The failing call finishes first: it must not be reported as unhandled.
        await delay(i === 2 ? 0 : 10);
        if (i === 2) throw new Error("boom");
        return i;
      })
    ) results.push(value);
  }, /boom/);
  assert.deepEqual(results, [0, 1]);
  await delay(20);
});
