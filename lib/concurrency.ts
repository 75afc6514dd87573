/**
 * Runs `task` for every item with at most `limit` running at once. The
 * first failure stops the start of new tasks and aborts the signal given to
 * the running ones; once they have all settled, that failure is thrown, so
 * nothing is left running (or half-written) behind the caller's back.
 */
export async function forEachConcurrently<T>(
  items: Iterable<T>,
  limit: number,
  task: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`bad limit ${limit}`);
  const controller = new AbortController();
  const iterator = items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
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
  await Promise.all(Array.from({ length: limit }, worker));
  if (failure) throw failure.error;
}
