/**
 * The items of every page of an SDK paginator (`paginateListUsers(...)`),
 * one at a time as pages arrive, so a listing never holds more than a page.
 */
export async function* itemsOf<Page, T>(
  pages: AsyncIterable<Page>,
  itemsOfPage: (page: Page) => readonly T[] | undefined,
): AsyncGenerator<T> {
  for await (const page of pages) yield* itemsOfPage(page) ?? [];
}

/** The items of every page in one array, for short lists (a user's access keys or groups). */
export async function allItemsOf<Page, T>(
  pages: AsyncIterable<Page>,
  itemsOfPage: (page: Page) => readonly T[] | undefined,
): Promise<T[]> {
  const all: T[] = [];
  for await (const item of itemsOf(pages, itemsOfPage)) all.push(item);
  return all;
}
