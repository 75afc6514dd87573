// Cuts a byte stream into parts, one buffer per part, so a part can be sent
// (and checksummed) as one body while the next is read; and the part sizes
// that keep any object S3 accepts within its 10,000 parts.

const MiB = 1024 * 1024;

/** Parts S3 accepts in one multipart upload. */
export const MAX_PARTS = 10_000;

/** The smallest part size, and the size of every part of bodies up to 78 GiB (8 MiB). */
export const PART_SIZE = 8 * MiB;

/** Parts of one size, for a body of unknown length, before the size doubles. */
const PARTS_PER_SIZE = 1000;

/** The size of part `number` (from 1). */
export type PartSizes = (number: number) => number;

/**
 * The part sizes for a body of `total` bytes: PART_SIZE, or for a body too
 * large for 10,000 such parts, the whole MiB that makes it fit. For a body of
 * unknown length (standard input), PART_SIZE for the first 1,000 parts,
 * doubling every 1,000 parts after: 10,000 parts then reach past S3's 5 TiB
 * object limit, while the parts of bodies under 7.8 GiB stay at 8 MiB.
 */
export function partSizes(total?: number): PartSizes {
  if (total === undefined) {
    return (number) => PART_SIZE * 2 ** Math.floor((number - 1) / PARTS_PER_SIZE);
  }
  const size = Math.max(PART_SIZE, Math.ceil(total / MAX_PARTS / MiB) * MiB);
  return () => size;
}

/**
 * Yields `stream` as parts of `sizes` (the last may be shorter). An empty
 * stream yields one empty part; otherwise no part is empty. A new buffer is
 * filled only when the caller asks for the next part. A byte stream (a
 * file's, standard input's) is read straight into the part, so no chunk is
 * allocated and copied on the way.
 */
export function readParts(
  stream: ReadableStream<Uint8Array>,
  sizes: PartSizes,
  buffers: PartBuffers = new PartBuffers(),
): AsyncGenerator<Uint8Array> {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = stream.getReader({ mode: "byob" });
  } catch {
    return readChunkedParts(stream, sizes);
  }
  return readBytesParts(reader, sizes, buffers);
}

/**
 * Part-sized buffers to fill, reused once their part has been sent: V8
 * frees garbage ArrayBuffers only when it next collects, so fresh buffers
 * for every part would pile up to several times the parts in flight.
 */
export class PartBuffers {
  readonly #free: ArrayBuffer[] = [];
  /** The sizes handed out: a part of another size was cut from a caller's body. */
  readonly #sizes = new Set<number>();

  /** A buffer of `size` bytes, reused when one has been given back (one of another size goes). */
  take(size: number): ArrayBuffer {
    this.#sizes.add(size);
    while (this.#free.length > 0) {
      const buffer = this.#free.pop()!;
      if (buffer.byteLength === size) return buffer;
    }
    return new ArrayBuffer(size);
  }

  /** Gives back the buffer under `part` once nothing reads it any more. */
  giveBack(part: Uint8Array): void {
    const buffer = part.buffer;
    if (buffer instanceof ArrayBuffer && this.#sizes.has(buffer.byteLength)) {
      this.#free.push(buffer);
    }
  }
}

async function* readBytesParts(
  reader: ReadableStreamBYOBReader,
  sizes: PartSizes,
  buffers: PartBuffers,
): AsyncGenerator<Uint8Array> {
  let number = 1;
  let size = sizes(number);
  let buffer = buffers.take(size);
  let filled = 0;
  let yielded = false;
  try {
    while (true) {
      // The read takes the buffer over and hands it back, filled further.
      const { done, value } = await reader.read(new Uint8Array(buffer, filled, size - filled));
      if (value) {
        buffer = value.buffer as ArrayBuffer;
        filled += value.byteLength;
      }
      if (done) break;
      if (filled === size) {
        yielded = true;
        yield new Uint8Array(buffer);
        size = sizes(++number);
        buffer = buffers.take(size);
        filled = 0;
      }
    }
    if (filled > 0 || !yielded) yield new Uint8Array(buffer, 0, filled);
  } finally {
    reader.releaseLock();
  }
}

async function* readChunkedParts(
  stream: ReadableStream<Uint8Array>,
  sizes: PartSizes,
): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let number = 1;
  let size = sizes(number);
  let part = new Uint8Array(size);
  let filled = 0;
  let yielded = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      let offset = 0;
      while (offset < value.length) {
        const n = Math.min(size - filled, value.length - offset);
        part.set(value.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === size) {
          yielded = true;
          yield part;
          size = sizes(++number);
          part = new Uint8Array(size);
          filled = 0;
        }
      }
    }
    if (filled > 0 || !yielded) yield part.subarray(0, filled);
  } finally {
    reader.releaseLock();
  }
}
