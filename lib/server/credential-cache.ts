/**
 * The credential cache of `localserver`: refresh ahead in the background,
 * single flight, and graceful failure. Pure logic: the clock and the
 * credential source are injected, so tests drive it with a fake clock.
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
 * Caches one set of session credentials. `get()` returns the cached set at
 * once while it is valid; once less than the margin of its validity remains,
 * it also starts a renewal in the background (one at a time). Only when
 * nothing valid is left does a caller wait, for that same renewal (single
 * flight). An expired set is never returned. A failed renewal is reported to
 * `onRenewalError`; callers then keep getting the cached set while it is
 * valid, else a CredentialsUnavailableError, and the next renewal starts no
 * sooner than the pause after a failure.
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

  /** The cached set while it is valid (renewed behind when close to expiry), else a new one. */
  async get(): Promise<SessionCredentials> {
    const current = this.#current;
    const now = this.#now();
    const retryAllowed = now >= this.#noRetryBefore;
    if (current && now < expiryOf(current)) {
      if (now >= expiryOf(current) - this.#marginMs && retryAllowed) {
        // Reported to onRenewalError; the caller is served the valid set regardless.
        this.#renew().catch(() => {});
      }
      return current;
    }
    if (!retryAllowed) throw new CredentialsUnavailableError({ cause: this.#lastFailure });
    try {
      return await this.#renew();
    } catch (error) {
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
      // A local clock ahead of STS's by a whole session makes a new set already expired here.
      if (this.#now() >= expiryOf(fresh)) {
        throw new Error(
          `the new credentials expire at ${fresh.Expiration.toISOString()}, ` +
            "which this machine's clock has already passed",
        );
      }
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
