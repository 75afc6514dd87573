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
