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
