// Cuts a byte stream into parts of a fixed size, one buffer per part, so a
// part can be sent (and checksummed) as one body while the next is read.

/**
 * Yields `stream` as parts of `size` bytes (the last may be shorter). An
 * empty stream yields one empty part; otherwise no part is empty. A new
 * buffer is filled only when the caller asks for the next part. A byte
 * stream (a file's, standard input's) is read straight into the part, so
 * no chunk is allocated and copied on the way.
 */
export function readParts(
  stream: ReadableStream<Uint8Array>,
  size: number,
  buffers: PartBuffers = new PartBuffers(size),
): AsyncGenerator<Uint8Array> {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = stream.getReader({ mode: "byob" });
  } catch {
    return readChunkedParts(stream, size);
  }
  return readBytesParts(reader, size, buffers);
}

/**
 * Part-sized buffers to fill, reused once their part has been sent: V8
 * frees garbage ArrayBuffers only when it next collects, so fresh buffers
 * for every part would pile up to several times the parts in flight.
 */
export class PartBuffers {
  readonly #free: ArrayBuffer[] = [];
  constructor(readonly size: number) {}

  /** A buffer of `size` bytes, reused when one has been given back. */
  take(): ArrayBuffer {
    return this.#free.pop() ?? new ArrayBuffer(this.size);
  }

  /** Gives back the buffer under `part` once nothing reads it any more. */
  giveBack(part: Uint8Array): void {
    const buffer = part.buffer;
    if (buffer instanceof ArrayBuffer && buffer.byteLength === this.size) this.#free.push(buffer);
  }
}

async function* readBytesParts(
  reader: ReadableStreamBYOBReader,
  size: number,
  buffers: PartBuffers,
): AsyncGenerator<Uint8Array> {
  let buffer = buffers.take();
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
        buffer = buffers.take();
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
  size: number,
): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
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
