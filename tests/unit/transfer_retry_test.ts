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
