import assert from "node:assert/strict";
import { itemsOf } from "../../lib/aws/paginate.ts";

Deno.test("itemsOf yields every page's items in order, fetching pages only as needed", async () => {
  let fetched = 0;
  async function* pages() {
    for (const page of [{ Users: [1, 2] }, {}, { Users: [3] }]) {
      fetched++;
      yield page as { Users?: number[] };
    }
  }
  const seen: [number, number][] = [];
  for await (const item of itemsOf(pages(), (page) => page.Users)) seen.push([item, fetched]);
  assert.deepEqual(seen, [[1, 1], [2, 1], [3, 3]]);
});
