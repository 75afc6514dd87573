/**
 * The credential cache of `localserver`: refresh ahead, single flight, and
 * graceful failure. Pure logic: the clock and the credential source are
 * injected, so tests drive it with a fake clock.
 *
 * @module
 */
import type { SessionCredentials } from "../credentials.ts";

/** Margin of the longest sessions: AWS CLI and boto3 refresh credentials 15 minutes before expiry. */
const MAX_REFRESH_MARGIN_MS = 15 * 60_000;

/**
 * How long before expiry cached credentials are renewed: 15 minutes, or a
 * third of the session for sessions shorter than 45 minutes (5 minutes for
 * the shortest, 15-minute session), so every response stays valid for a
 * useful time and a set is still used for two thirds of its life.
 *
 * @param durationSeconds The session duration asked of STS.
 * @returns The margin in milliseconds.
 */
export function refreshMarginMs(durationSeconds: number): number {
  return Math.min(MAX_REFRESH_MARGIN_MS, Math.floor(durationSeconds * 1000 / 3));
}

/**
 * After a failed renewal, no new try starts for this long: still-valid
 * credentials are served meanwhile, or with nothing valid left, requests are
 * refused at once rather than each wave of them calling AssumeRole.
 */
export const RETRY_AFTER_FAILURE_MS = 5_000;

/** Nothing valid is cached and no new credentials could be obtained. */
export class CredentialsUnavailableError extends Error {
  constructor(options?: ErrorOptions) {
    super("Credentials unavailable", options);
    this.name = "CredentialsUnavailableError";
  }
}

export interface CredentialCacheOptions {
  /** Obtains a new set (AssumeRole); called by at most one renewal at a time. */
  fetch: () => Promise<SessionCredentials>;
  /** Renew when less than this many milliseconds of validity remain. */
  refreshMarginMs: number;
  /** A set obtained beforehand (at start-up), if any. */
  initial?: SessionCredentials;
  /** Milliseconds since the epoch; `Date.now` unless given. */
  now?: () => number;
  /** Wait between a failed renewal and the next one. */
  retryAfterFailureMs?: number;
  /** Hears of every failed renewal (the server logs it). */
  onRenewalError?: (error: unknown) => void;
}

/**
 * Caches one set of session credentials. `get()` returns the cached set while
 * more than the margin of its validity remains; otherwise it renews, and
 * every caller arriving meanwhile waits for that same renewal (single flight).
 * A failed renewal is reported to `onRenewalError`; callers then get the
 * cached set if it has not expired yet, else a CredentialsUnavailableError,
 * and the next renewal starts no sooner than the pause after a failure.
 */
export class CredentialCache {
  readonly #fetch: () => Promise<SessionCredentials>;
  readonly #marginMs: number;
  readonly #now: () => number;
  readonly #retryAfterFailureMs: number;
  readonly #onRenewalError: (error: unknown) => void;
  #current: SessionCredentials | undefined;
  #renewal: Promise<SessionCredentials> | undefined;
  #noRetryBefore = -Infinity;
  #lastFailure: unknown;
  #fetches = 0;

  constructor(options: CredentialCacheOptions) {
    this.#fetch = options.fetch;
    this.#marginMs = options.refreshMarginMs;
    this.#now = options.now ?? Date.now;
    this.#retryAfterFailureMs = options.retryAfterFailureMs ?? RETRY_AFTER_FAILURE_MS;
    this.#onRenewalError = options.onRenewalError ?? (() => {});
    this.#current = options.initial;
  }

  /** How many times the cache has called `fetch`. */
  get fetches(): number {
    return this.#fetches;
  }

  /** Credentials valid for more than the margin, or failing that, still valid ones. */
  async get(): Promise<SessionCredentials> {
    const current = this.#current;
    const now = this.#now();
    if (current && now < expiryOf(current) - this.#marginMs) return current;
    if (now < this.#noRetryBefore) {
      if (current && now < expiryOf(current)) return current;
      throw new CredentialsUnavailableError({ cause: this.#lastFailure });
    }
    try {
      return await this.#renew();
    } catch (error) {
      const fallback = this.#current;
      if (fallback && this.#now() < expiryOf(fallback)) return fallback;
      throw new CredentialsUnavailableError({ cause: error });
    }
  }

  #renew(): Promise<SessionCredentials> {
    this.#renewal ??= this.#startRenewal().finally(() => this.#renewal = undefined);
    return this.#renewal;
  }

  async #startRenewal(): Promise<SessionCredentials> {
    this.#fetches++;
    try {
      const fresh = await this.#fetch();
      this.#current = fresh;
      this.#noRetryBefore = -Infinity;
      return fresh;
    } catch (error) {
      this.#noRetryBefore = this.#now() + this.#retryAfterFailureMs;
      this.#lastFailure = error;
      this.#onRenewalError(error);
      throw error;
    }
  }
}

function expiryOf(credentials: SessionCredentials): number {
  return credentials.Expiration.getTime();
}
