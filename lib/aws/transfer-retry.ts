// The retry strategy of the S3 clients that move objects. The SDK's standard
// strategy makes few attempts and draws every retry from one client-wide
// quota that a server failing often soon empties, after which every error is
// final: on a long transfer, files fail that one more try would have saved
// (docs/benchmarks.md measures both on a server that fails every second request).
import { DefaultRateLimiter } from "@smithy/core/retry";
import { isAwsError } from "./service-errors.ts";

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
/** How long a transfer waits for an endpoint that answers nothing, across all its attempts. */
export const SILENCE_BUDGET_MS = 60_000;

/** How long one attempt can wait without an answer, and how long all of them may. */
export interface SilenceLimits {
  /** The longest one attempt waits in silence before it fails (connecting, then idle). */
  readonly attemptMs: number;
  /** Silence after which no further attempt is made, counted from the first unanswered one. */
  readonly budgetMs: number;
}

/** The part of the SDK's retry token the retry middleware reads, and what we keep in it. */
interface TransferRetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
  getRetryCost(): number | undefined;
  /** When the attempt this token starts begins. */
  readonly startsAt?: number;
  /** When this request's unbroken run of unanswered attempts began. */
  readonly silentSince?: number;
}

/** What the retry middleware says about a failed attempt. */
interface RetryErrorInfo {
  errorType: "THROTTLING" | "TRANSIENT" | "SERVER_ERROR" | "CLIENT_ERROR";
  retryAfterHint?: Date;
  error?: unknown;
}

function retryToken(
  count: number,
  delay: number,
  startsAt?: number,
  silentSince?: number,
): TransferRetryToken {
  return {
    getRetryCount: () => count,
    getRetryDelay: () => delay,
    getRetryCost: () => undefined,
    startsAt,
    silentSince,
  };
}

/** True for an attempt that got no answer in time (as opposed to an error answer, or a refusal). */
function unanswered(error: unknown): boolean {
  return isAwsError(error, "TimeoutError") || (error as { code?: string })?.code === "ETIMEDOUT";
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
 *
 * Silence has a budget of its own: an unanswered attempt is not retried
 * when the next one could end past `silence.budgetMs` of silence, counted
 * from the first unanswered attempt of the request or, when nothing at all
 * has answered since, of the client. So an endpoint that never answers
 * fails a transfer within the budget instead of `maxAttempts` time-outs,
 * and a cleanup request after it (aborting a multipart upload) gets one try.
 */
export class TransferRetryStrategy {
  readonly mode = "adaptive";
  /** When the client's current silence began (no answer to any request since); none if answered. */
  #silentSince?: number;
  /** When the client last got an answer (of any kind). */
  #answeredAt = -Infinity;

  constructor(
    private readonly maxAttempts = TRANSFER_MAX_ATTEMPTS,
    private readonly random: () => number = Math.random,
    private readonly rateLimiter: RateLimiter = new DefaultRateLimiter(),
    private readonly stopping?: AbortSignal,
    private readonly silence: SilenceLimits = { attemptMs: 15_000, budgetMs: SILENCE_BUDGET_MS },
    private readonly now: () => number = Date.now,
    /** Multiplies every pause (tests shrink it with the clients' time limits). */
    private readonly pauseScale = 1,
  ) {}

  async acquireInitialRetryToken(_scope: string): Promise<TransferRetryToken> {
    await this.rateLimiter.getSendToken();
    return retryToken(0, 0, this.now());
  }

  async refreshRetryTokenForRetry(
    token: TransferRetryToken,
    info: RetryErrorInfo,
  ): Promise<TransferRetryToken> {
    this.rateLimiter.updateClientSendingRate(info);
    const now = this.now();
    const silentSince = this.#silenceOf(token, info, now);
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
    delay = Math.floor(delay * this.pauseScale);
    if (
      silentSince !== undefined &&
      now + delay + this.silence.attemptMs - silentSince >= this.silence.budgetMs
    ) {
      throw new Error("No retry token available");
    }
    await this.rateLimiter.getSendToken();
    return retryToken(retries, delay, now + delay, silentSince);
  }

  recordSuccess(_token: TransferRetryToken): void {
    this.rateLimiter.updateClientSendingRate({});
    this.#answered(this.now());
  }

  #answered(now: number): void {
    this.#answeredAt = now;
    this.#silentSince = undefined;
  }

  /**
   * When the silence this failed attempt is part of began, or undefined when
   * the attempt got an answer. An unanswered attempt was silent at most its
   * last `attemptMs` (the rest of it, a body was on its way).
   */
  #silenceOf(token: TransferRetryToken, info: RetryErrorInfo, now: number): number | undefined {
    if (!unanswered(info.error)) {
      this.#answered(now);
      return undefined;
    }
    const began = Math.max(token.startsAt ?? now, now - this.silence.attemptMs);
    this.#silentSince = Math.max(this.#answeredAt, Math.min(this.#silentSince ?? began, began));
    return Math.min(token.silentSince ?? began, this.#silentSince);
  }
}
