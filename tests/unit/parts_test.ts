// Part sizes that keep any object S3 accepts within 10,000 parts, and the
// reader that cuts streams into parts of those sizes.
import assert from "node:assert/strict";
import {
  MAX_PARTS,
  PART_SIZE,
  PartBuffers,
  partSizes,
  readParts,
} from "../../lib/transfer/parts.ts";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

Deno.test("a known length: 8 MiB parts up to 10,000 of them, then the whole MiB that fits", () => {
  for (const total of [0, 1, PART_SIZE, 5 * GiB, MAX_PARTS * PART_SIZE]) {
    assert.equal(partSizes(total)(1), PART_SIZE, `${total} bytes`);
  }
  assert.equal(partSizes(MAX_PARTS * PART_SIZE + 1)(1), 9 * MiB);
  // S3's largest object: parts stay within S3's 5 GiB part limit and 10,000 parts.
  const size = partSizes(5 * TiB)(1);
  assert.equal(size % MiB, 0);
  assert.ok(size <= 5 * GiB);
  assert.ok(Math.ceil(5 * TiB / size) <= MAX_PARTS, `${size} bytes a part`);
  assert.equal(partSizes(5 * TiB)(MAX_PARTS), size, "one size for every part");
});

Deno.test("an unknown length: 8 MiB for 1,000 parts, doubling every 1,000, past 5 TiB in 10,000", () => {
  const sizes = partSizes();
  assert.equal(sizes(1), PART_SIZE);
  assert.equal(sizes(1000), PART_SIZE);
  assert.equal(sizes(1001), 2 * PART_SIZE);
  assert.equal(sizes(2001), 4 * PART_SIZE);
  let total = 0;
  for (let number = 1; number <= MAX_PARTS; number++) {
    assert.ok(sizes(number) <= 5 * GiB, `part ${number} within S3's part limit`);
    total += sizes(number);
  }
  assert.ok(total >= 5 * TiB, `10,000 parts carry ${total} bytes`);
});

/** A byte stream (read with a BYOB reader) of `bytes`, given out `chunk` bytes at a time. */
function byteStream(bytes: Uint8Array, chunk: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    type: "bytes",
    pull(controller) {
      const request = controller.byobRequest!;
      const view = request.view as Uint8Array;
      const n = Math.min(chunk, view.byteLength, bytes.length - at);
      if (n === 0) {
        controller.close();
        request.respond(0);
        return;
      }
      view.set(bytes.subarray(at, at + n));
      at += n;
      request.respond(n);
    },
  });
}

Deno.test("readParts follows the sizes it is given, from byte and plain streams alike", async () => {
  const bytes = new Uint8Array(100).map((_, i) => i);
  const sizes = (number: number) => (number <= 2 ? 10 : 30);
  const plain = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 7) controller.enqueue(bytes.slice(at, at + 7));
      controller.close();
    },
  });
  for (const stream of [byteStream(bytes, 7), plain]) {
    const parts: Uint8Array[] = [];
    for await (const part of readParts(stream, sizes)) parts.push(part.slice());
    assert.deepEqual(parts.map((part) => part.length), [10, 10, 30, 30, 20]);
    assert.deepEqual(new Uint8Array(parts.flatMap((part) => [...part])), bytes);
  }
});

Deno.test("PartBuffers reuses a buffer of the size asked for, and drops the others", () => {
  const buffers = new PartBuffers();
  const small = buffers.take(10);
  buffers.giveBack(new Uint8Array(small));
  assert.equal(buffers.take(10), small, "the same size: reused");
  buffers.giveBack(new Uint8Array(small));
  const large = buffers.take(20);
  assert.notEqual(large, small);
  assert.equal(large.byteLength, 20);
  const foreign = new ArrayBuffer(15);
  buffers.giveBack(new Uint8Array(foreign));
  assert.notEqual(buffers.take(15), foreign, "a size never handed out is not taken back");
});
