/**
 * Runs `task` for every item with at most `limit` running at once. The
 * first failure (or `stop` firing) stops the start of new tasks and aborts
 * the signal given to the running ones; once they have all settled, that
 * failure (or the stop's reason) is thrown, so nothing is left running (or
 * half-written) behind the caller's back.
 */
export async function forEachConcurrently<T>(
  items: Iterable<T>,
  limit: number,
  task: (item: T, signal: AbortSignal) => Promise<void>,
  stop?: AbortSignal,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`bad limit ${limit}`);
  const controller = new AbortController();
  const iterator = items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const stopped = () => {
    failure ??= { error: stop?.reason };
    controller.abort(stop?.reason);
  };
  if (stop?.aborted) stopped();
  stop?.addEventListener("abort", stopped, { once: true });
  const worker = async () => {
    while (!failure) {
      const next = iterator.next();
      if (next.done) return;
      try {
        await task(next.value, controller.signal);
      } catch (error) {
        if (!failure) {
          failure = { error };
          controller.abort(error);
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: limit }, worker));
  } finally {
    stop?.removeEventListener("abort", stopped);
  }
  if (failure) throw failure.error;
}

/**
 * `map(item)` for every item of `source`, in order, with up to `limit` calls
 * under way at once: per-item AWS requests overlap while the output keeps
 * the source's order and memory holds at most `limit` results.
 */
export async function* mapAhead<T, R>(
  source: AsyncIterable<T>,
  limit: number,
  map: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const pending: Promise<R>[] = [];
  const start = (item: T) => {
    const result = map(item);
    // Awaited later; until then a failure must not count as unhandled.
    result.catch(() => {});
    pending.push(result);
  };
  for await (const item of source) {
    start(item);
    if (pending.length >= limit) yield await pending.shift()!;
  }
  while (pending.length > 0) yield await pending.shift()!;
}
