// The retry strategy of the S3 clients that move objects. The SDK's standard
// strategy makes 3 attempts and draws every retry from one client-wide quota
// (500 tokens, 14 a retry, mostly not given back): a server that fails often
// empties it within a few dozen objects, and every later error is final.
import { DefaultRateLimiter } from "@smithy/core/retry";

/**
 * Attempts per request of an object transfer (the SDK's default is 3). When
 * half the requests fail, a request fails 20 times in a row about once in a
 * million: a run of thousands of objects still completes.
 */
export const TRANSFER_MAX_ATTEMPTS = 20;
/** Upper bound of the first pause; each later one doubles, up to MAX_DELAY_MS. */
const BASE_DELAY_MS = 100;
/** Once the run is stopping, cleanup requests (aborting a multipart upload) get the SDK's 3. */
const STOPPING_MAX_ATTEMPTS = 3;
/** Throttling ("SlowDown") asks for longer pauses. */
const THROTTLING_BASE_DELAY_MS = 500;
/** Short enough that an object that always fails is given up on in about 15 s. */
const MAX_DELAY_MS = 2000;

/** The part of the SDK's retry token the retry middleware reads. */
interface TransferRetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
  getRetryCost(): number | undefined;
}

/** What the retry middleware says about a failed attempt. */
interface RetryErrorInfo {
  errorType: "THROTTLING" | "TRANSIENT" | "SERVER_ERROR" | "CLIENT_ERROR";
  retryAfterHint?: Date;
}

function retryToken(count: number, delay: number): TransferRetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => delay, getRetryCost: () => undefined };
}

/** The rate limiter of the SDK's adaptive mode: it slows the client down once throttled. */
interface RateLimiter {
  getSendToken(): Promise<void>;
  updateClientSendingRate(response: unknown): void;
}

/**
 * Retries throttling and transient errors (timeouts, dropped connections,
 * 500/502/503/504) of each request up to `maxAttempts` attempts, pausing a
 * random time up to an exponentially growing bound (full jitter), with the
 * SDK's adaptive rate limiting. There is no run-wide quota: each request has
 * its own budget, so a long transfer from a flaky server goes on as long as
 * each request gets through within its attempts. Once `stopping` fires
 * (Ctrl+C), requests get the SDK's 3 attempts, so cleanup ends quickly.
 */
export class TransferRetryStrategy {
  readonly mode = "adaptive";
  constructor(
    private readonly maxAttempts = TRANSFER_MAX_ATTEMPTS,
    private readonly random: () => number = Math.random,
    private readonly rateLimiter: RateLimiter = new DefaultRateLimiter(),
    private readonly stopping?: AbortSignal,
  ) {}

  async acquireInitialRetryToken(_scope: string): Promise<TransferRetryToken> {
    await this.rateLimiter.getSendToken();
    return retryToken(0, 0);
  }

  async refreshRetryTokenForRetry(
    token: TransferRetryToken,
    info: RetryErrorInfo,
  ): Promise<TransferRetryToken> {
    this.rateLimiter.updateClientSendingRate(info);
    const retries = token.getRetryCount() + 1;
    const retryable = info.errorType === "THROTTLING" || info.errorType === "TRANSIENT";
    const limit = this.stopping?.aborted
      ? Math.min(STOPPING_MAX_ATTEMPTS, this.maxAttempts)
      : this.maxAttempts;
    if (!retryable || retries >= limit) throw new Error("No retry token available");
    const base = info.errorType === "THROTTLING" ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
    let delay = Math.floor(this.random() * Math.min(base * 2 ** (retries - 1), MAX_DELAY_MS));
    if (info.retryAfterHint) {
      const asked = info.retryAfterHint.getTime() - Date.now();
      delay = Math.max(delay, Math.min(asked, MAX_DELAY_MS));
    }
    await this.rateLimiter.getSendToken();
    return retryToken(retries, delay);
  }

  recordSuccess(_token: TransferRetryToken): void {
    this.rateLimiter.updateClientSendingRate({});
  }
}
