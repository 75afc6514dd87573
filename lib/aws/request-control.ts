// The cancellation and time limits of one request sent with fetch beside the
// SDK's middleware stack (object-requests.ts), and the pause between its attempts.
import { noResponseError, withNodeErrorCode } from "./fetch-transport.ts";

/**
 * The cancellation of one lean request: by the caller's signal or its reader
 * (a stalled body), which stop it, or by a time limit on one attempt (no
 * response begun, or a listing page not read, within `timeoutMs`), which
 * fails that attempt with a TimeoutError the retry strategy retries.
 */
export class RequestControl {
  #attempt = new AbortController();
  #stopped = false;
  readonly #caller?: AbortSignal;
  readonly #onAbort = () => this.abort(this.#caller!.reason);

  constructor(private readonly timeoutMs: number, caller?: AbortSignal) {
    this.#caller = caller;
    if (caller?.aborted) this.#onAbort();
    else caller?.addEventListener("abort", this.#onAbort, { once: true });
  }

  /** True once the caller or the reader has stopped the request: it is not tried again. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** The caller's signal, for the pauses between attempts. */
  get caller(): AbortSignal | undefined {
    return this.#caller;
  }

  abort(reason: unknown): void {
    this.#stopped = true;
    this.#attempt.abort(reason);
  }

  /** fetch, given up when no response has begun within the time limit. */
  fetch(url: string, init: RequestInit): Promise<Response> {
    if (this.#attempt.signal.aborted && !this.#stopped) this.#attempt = new AbortController();
    const attempt = this.#attempt;
    return this.#timed(fetch(url, { ...init, signal: attempt.signal }), attempt);
  }

  /** `reading` (a listing page's body), given up when it is not read within the time limit. */
  within<T>(reading: Promise<T>): Promise<T> {
    return this.#timed(reading, this.#attempt);
  }

  async #timed<T>(work: Promise<T>, attempt: AbortController): Promise<T> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort();
    }, this.timeoutMs);
    try {
      return await work;
    } catch (error) {
      if (!timedOut || this.#stopped) throw withNodeErrorCode(error);
      throw noResponseError(this.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The request is over: the caller's signal no longer reaches it. */
  done(): void {
    this.#caller?.removeEventListener("abort", this.#onAbort);
  }
}

/** Waits `ms` (the retry strategy's delay), unless `signal` stops the request first. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}
