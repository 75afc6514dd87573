import assert from "node:assert/strict";
import { type RetryOptions, retryWithin } from "../../lib/aws/retry.ts";

/** A clock that moves only when slept on or pushed by `advance`. */
function fakeTime(options: Omit<RetryOptions, "now" | "sleep">) {
  const state = { now: 0, sleeps: [] as number[] };
  const retry: RetryOptions = {
    ...options,
    now: () => state.now,
    sleep: (ms) => {
      state.sleeps.push(ms);
      state.now += ms;
      return Promise.resolve();
    },
  };
  return { state, retry, advance: (ms: number) => (state.now += ms) };
}

class Retryable extends Error {}

/** An attempt that fails `failures` times (error i is `errors[i]`), then returns "done". */
function flaky(failures: number, makeError = (i: number) => new Retryable(`try ${i}`)) {
  const errors: Error[] = [];
  let calls = 0;
  const attempt = () => {
    const i = calls++;
    if (i < failures) {
      errors.push(makeError(i));
      return Promise.reject(errors[i]);
    }
    return Promise.resolve("done");
  };
  return { attempt, errors, calls: () => calls };
}

const isRetryable = (error: unknown) => error instanceof Retryable;

Deno.test("retryWithin: a first success neither sleeps nor reports a retry", async () => {
  const time = fakeTime({ limitMs: 1000, firstDelayMs: 100, maxDelayMs: 400 });
  const task = flaky(0);
  let retries = 0;
  assert.equal(await retryWithin(task.attempt, isRetryable, time.retry, () => retries++), "done");
  assert.equal(task.calls(), 1);
  assert.deepEqual(time.state.sleeps, []);
  assert.equal(retries, 0);
});

Deno.test("retryWithin: delays double up to the maximum and onRetry is called once", async () => {
  const time = fakeTime({ limitMs: 60_000, firstDelayMs: 100, maxDelayMs: 300 });
  const task = flaky(5);
  let retries = 0;
  assert.equal(await retryWithin(task.attempt, isRetryable, time.retry, () => retries++), "done");
  assert.equal(task.calls(), 6);
  assert.deepEqual(time.state.sleeps, [100, 200, 300, 300, 300]);
  assert.equal(retries, 1);
});

Deno.test("retryWithin: gives up with the last error when the next pause passes the limit", async () => {
  const time = fakeTime({ limitMs: 1000, firstDelayMs: 100, maxDelayMs: 1000 });
  const task = flaky(Infinity);
  await assert.rejects(
    retryWithin(task.attempt, isRetryable, time.retry),
    (error) => error === task.errors[3],
  );
  // Pauses at 0, 100 and 300 ms end by 700 ms; one of 800 ms would end at 1500.
  assert.equal(task.calls(), 4);
  assert.deepEqual(time.state.sleeps, [100, 200, 400]);
});

Deno.test("retryWithin: time spent in attempts counts against the limit", async () => {
  const time = fakeTime({ limitMs: 2500, firstDelayMs: 100, maxDelayMs: 1000 });
  let calls = 0;
  const slowFailure = () => {
    calls++;
    time.advance(1000);
    return Promise.reject(new Retryable("slow"));
  };
  await assert.rejects(retryWithin(slowFailure, isRetryable, time.retry), Retryable);
  assert.equal(calls, 3);
  assert.deepEqual(time.state.sleeps, [100, 200]);
});

Deno.test("retryWithin: an error that is not retryable is thrown at once", async () => {
  const time = fakeTime({ limitMs: 60_000, firstDelayMs: 100, maxDelayMs: 400 });
  const task = flaky(3, () => new Error("fatal"));
  let retries = 0;
  await assert.rejects(
    retryWithin(task.attempt, isRetryable, time.retry, () => retries++),
    (error) => error === task.errors[0],
  );
  assert.equal(task.calls(), 1);
  assert.deepEqual(time.state.sleeps, []);
  assert.equal(retries, 0);
});

Deno.test("retryWithin: a fatal error after retryable ones ends the retries", async () => {
  const time = fakeTime({ limitMs: 60_000, firstDelayMs: 100, maxDelayMs: 400 });
  const task = flaky(5, (i) => (i < 2 ? new Retryable(`try ${i}`) : new Error("fatal")));
  await assert.rejects(
    retryWithin(task.attempt, isRetryable, time.retry),
    (error) => error === task.errors[2],
  );
  assert.equal(task.calls(), 3);
  assert.deepEqual(time.state.sleeps, [100, 200]);
});

Deno.test("retryWithin: a limit shorter than the first pause means a single attempt", async () => {
  const time = fakeTime({ limitMs: 50, firstDelayMs: 100, maxDelayMs: 400 });
  const task = flaky(1);
  let retries = 0;
  await assert.rejects(
    retryWithin(task.attempt, isRetryable, time.retry, () => retries++),
    Retryable,
  );
  assert.equal(task.calls(), 1);
  assert.equal(retries, 0);
});
