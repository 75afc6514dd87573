/** How long to keep retrying, and how to wait between tries. */
export interface RetryOptions {
  /** Give up once this many milliseconds have passed. */
  limitMs: number;
  /** First pause; each later pause doubles, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `attempt` until it succeeds, retrying only errors `retryable`
 * accepts and only within the time limit; `onRetry` hears of the first retry.
 */
export async function retryWithin<T>(
  attempt: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  options: RetryOptions,
  onRetry: () => void = () => {},
): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + options.limitMs;
  let delay = options.firstDelayMs;
  let retried = false;
  while (true) {
    try {
      return await attempt();
    } catch (error) {
      if (!retryable(error) || now() + delay > deadline) throw error;
      if (!retried) onRetry();
      retried = true;
      await sleep(delay);
      delay = Math.min(delay * 2, options.maxDelayMs);
    }
  }
}
