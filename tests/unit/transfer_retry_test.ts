import assert from "node:assert/strict";
import { TRANSFER_MAX_ATTEMPTS, TransferRetryStrategy } from "../../lib/aws/transfer-retry.ts";

const noLimiter = { getSendToken: () => Promise.resolve(), updateClientSendingRate: () => {} };

Deno.test("transfer retries: no run-wide quota, full jitter up to a cap, bounded attempts", async () => {
  const strategy = new TransferRetryStrategy(TRANSFER_MAX_ATTEMPTS, () => 0.999, noLimiter);
  // The SDK's standard strategy refuses after about 36 retries without successes between.
  for (let request = 0; request < 200; request++) {
    let token = await strategy.acquireInitialRetryToken("");
    const delays: number[] = [];
    for (let retry = 1; retry < TRANSFER_MAX_ATTEMPTS; retry++) {
      token = await strategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT" });
      delays.push(token.getRetryDelay());
    }
    assert.deepEqual(delays.slice(0, 6), [99, 199, 399, 799, 1598, 1998]);
    assert.equal(Math.max(...delays), 1998);
    await assert.rejects(
      strategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT" }),
      /No retry token/,
    );
  }
});

Deno.test("transfer retries: the pause scale of tests shrinks every pause", async () => {
  const strategy = new TransferRetryStrategy(
    TRANSFER_MAX_ATTEMPTS,
    () => 0.999,
    noLimiter,
    undefined,
    undefined,
    Date.now,
    0.05,
  );
  let token = await strategy.acquireInitialRetryToken("");
  const delays: number[] = [];
  for (let retry = 1; retry < TRANSFER_MAX_ATTEMPTS; retry++) {
    token = await strategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT" });
    delays.push(token.getRetryDelay());
  }
  assert.deepEqual(delays.slice(0, 6), [4, 9, 19, 39, 79, 99]);
  assert.equal(Math.max(...delays), 99);
  const throttled = await strategy.refreshRetryTokenForRetry(
    await strategy.acquireInitialRetryToken(""),
    { errorType: "THROTTLING" },
  );
  assert.equal(throttled.getRetryDelay(), 24);
});

Deno.test("transfer retries: client errors are final, throttling waits longer", async () => {
  const strategy = new TransferRetryStrategy(TRANSFER_MAX_ATTEMPTS, () => 0.5, noLimiter);
  const token = await strategy.acquireInitialRetryToken("");
  for (const errorType of ["CLIENT_ERROR", "SERVER_ERROR"] as const) {
    await assert.rejects(strategy.refreshRetryTokenForRetry(token, { errorType }));
  }
  const throttled = await strategy.refreshRetryTokenForRetry(token, { errorType: "THROTTLING" });
  assert.equal(throttled.getRetryDelay(), 250);
  assert.equal(throttled.getRetryCount(), 1);
});

Deno.test("transfer retries: once the run is stopping, 3 attempts as the SDK makes", async () => {
  const stopping = new AbortController();
  const strategy = new TransferRetryStrategy(
    TRANSFER_MAX_ATTEMPTS,
    () => 0,
    noLimiter,
    stopping.signal,
  );
  let token = await strategy.acquireInitialRetryToken("");
  token = await strategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT" });
  stopping.abort();
  token = await strategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT" });
  await assert.rejects(strategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT" }));
});

/** A socket time-out as the SDK's Node.js handler raises it. */
const silent = () =>
  Object.assign(new Error("the request socket timed out after 10000 ms of inactivity"), {
    name: "TimeoutError",
  });
const limits = { attemptMs: 15_000, budgetMs: 60_000 };

/** A strategy with no pauses, on a clock the test moves. */
function onClock() {
  const clock = { now: 0 };
  const strategy = new TransferRetryStrategy(
    TRANSFER_MAX_ATTEMPTS,
    () => 0,
    noLimiter,
    undefined,
    limits,
    () => clock.now,
  );
  return { clock, strategy };
}

Deno.test("transfer retries: an endpoint that never answers is given up on within 60 s", async () => {
  const { clock, strategy } = onClock();
  let token = await strategy.acquireInitialRetryToken("");
  const failures: number[] = [];
  // Each attempt waits 13 s for an answer (the idle limit, armed 3 s late).
  for (;;) {
    clock.now += 13_000;
    failures.push(clock.now);
    try {
      token = await strategy.refreshRetryTokenForRetry(token, {
        errorType: "TRANSIENT",
        error: silent(),
      });
    } catch {
      break;
    }
  }
  assert.deepEqual(failures, [13_000, 26_000, 39_000, 52_000], "not 20 attempts of 13 s");
  // A cleanup request now (aborting the multipart upload) gets one attempt, not another budget.
  let cleanup = await strategy.acquireInitialRetryToken("");
  clock.now += 13_000;
  await assert.rejects(
    strategy.refreshRetryTokenForRetry(cleanup, { errorType: "TRANSIENT", error: silent() }),
  );
  // Once anything answers, a silent request has its whole budget again.
  strategy.recordSuccess(cleanup);
  cleanup = await strategy.acquireInitialRetryToken("");
  clock.now += 13_000;
  cleanup = await strategy.refreshRetryTokenForRetry(cleanup, {
    errorType: "TRANSIENT",
    error: silent(),
  });
  assert.equal(cleanup.getRetryCount(), 1);
});

Deno.test("transfer retries: a long attempt is silent for its last 15 s at most; error answers never", async () => {
  const { clock, strategy } = onClock();
  let token = await strategy.acquireInitialRetryToken("");
  // A part that was sent for 50 s, then got no answer: at most its last 15 s were silent.
  clock.now += 63_000;
  token = await strategy.refreshRetryTokenForRetry(token, {
    errorType: "TRANSIENT",
    error: silent(),
  });
  assert.equal(token.getRetryCount(), 1);
  // Errors that are answers (a 500, a dropped connection) do not count as silence.
  for (let i = 0; i < 10; i++) {
    clock.now += 13_000;
    token = await strategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT" });
  }
  assert.equal(token.getRetryCount(), 11);
});
