// An object's body on its way to a local file or to standard output, and
// what makes a download that stops arriving fail instead of hanging.
import { CliError } from "../errors.ts";
import { writeFileAtomically, writeSmallFileAtomically } from "./files.ts";

/** How long a download may receive nothing before it fails (the SDK's socket idle limit too). */
export const STALL_AFTER_MS = 10_000;

/**
 * Bodies up to this size come in one read of Deno's (its stream chunks are
 * this size): read whole at once, they take a buffer of their own size
 * rather than a chunk's, which many small downloads would leave as garbage.
 * Written to a file in calls that return when done, too.
 */
const ONE_READ = 64 * 1024;

function stalledError(key: string, idleMs: number): CliError {
  return new CliError(`the download of ${key} stalled: no data for ${idleMs / 1000} s`);
}

/**
 * The chunks of `stream` as they arrive. When none arrives for `idleMs`,
 * the stream is cancelled (closing the connection) and the download of
 * `key` fails: a server that stops sending mid-body never hangs the run.
 */
export async function* chunksOf(
  stream: ReadableStream<Uint8Array>,
  key: string,
  idleMs: number,
): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = () =>
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(stalledError(key, idleMs)), idleMs);
    });
  let finished = false;
  try {
    while (true) {
      const { done, value } = await Promise.race([reader.read(), stalled()])
        .finally(() => clearTimeout(timer));
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // Left early (a stall, a failed write): stop the transfer instead of leaving it running.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** An object's bytes: whole when small, else a stream of them as they arrive. */
export type ObjectBody = Uint8Array | ReadableStream<Uint8Array>;

/** `body` as chunks for a writer of the caller's own (standard output), stall detection included. */
export async function* chunksOfBody(
  body: ObjectBody,
  key: string,
  idleMs = STALL_AFTER_MS,
): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) yield body;
  else yield* chunksOf(body, key, idleMs);
}

/** How a download is saved: cancellation, progress, and how long the file may stop growing. */
export interface SaveOptions {
  readonly signal?: AbortSignal;
  /** Hears of the bytes written, as a count added since the last call. */
  readonly onBytes?: (count: number) => void;
  /** A file that stops growing for this long fails the download (default 10 s). */
  readonly idleMs?: number;
  /** Write through a symbolic link at `path` (get-object -o) instead of replacing it. */
  readonly followSymlink?: boolean;
  /** `path`'s directory was made by this run: no file is there to keep the permissions of. */
  readonly newDirectory?: boolean;
}

/**
 * Writes `body` to `path` (under a temporary name, renamed when complete).
 * A streamed body is copied by Deno without passing through JavaScript, so
 * the file's size is what shows progress, and a size that stops growing
 * for `idleMs` is a stalled download: the copy is stopped (closing the
 * connection) and nothing is left behind.
 */
export async function saveObject(
  path: string,
  body: ObjectBody,
  key: string,
  options: SaveOptions = {},
): Promise<void> {
  if (body instanceof Uint8Array && body.length <= ONE_READ && !options.followSymlink) {
    options.signal?.throwIfAborted();
    writeSmallFileAtomically(path, body, options.newDirectory);
    options.onBytes?.(body.length);
    return;
  }
  const idleMs = options.idleMs ?? STALL_AFTER_MS;
  const stalled = new AbortController();
  let written = 0;
  let grewAt = Date.now();
  const onSize = (size: number) => {
    if (size > written) {
      options.onBytes?.(size - written);
      written = size;
      grewAt = Date.now();
    } else if (Date.now() - grewAt >= idleMs) {
      stalled.abort(stalledError(key, idleMs));
    }
  };
  const signal = options.signal
    ? AbortSignal.any([options.signal, stalled.signal])
    : stalled.signal;
  await writeFileAtomically(path, body, {
    signal,
    onSize,
    everyMs: Math.min(250, idleMs / 4),
    followSymlink: options.followSymlink,
  });
}

/**
 * All of a body of `length` bytes (as its response said), failing as
 * chunksOf does when it stops arriving; `cancel` stops its request then
 * (a body read whole in one go cannot be cancelled through its stream).
 * A small body is read in one go: of the ways to read it, that costs the
 * least CPU, and it takes a buffer of its own size rather than a chunk's
 * (Deno's are 64 KiB), which thousands of small downloads would leave
 * behind as garbage.
 */
export async function wholeBody(
  stream: ReadableStream<Uint8Array>,
  key: string,
  length: number | undefined,
  cancel: (reason: unknown) => void,
  idleMs = STALL_AFTER_MS,
): Promise<Uint8Array> {
  if (length === undefined || length > ONE_READ) {
    return await joinedChunks(chunksOf(stream, key, idleMs));
  }
  const reading = new Response(stream).bytes();
  reading.catch(() => {}); // its failure after a stall is the stall's
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = stalledError(key, idleMs);
      cancel(error);
      reject(error);
    }, idleMs);
  });
  try {
    return await Promise.race([reading, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** All of `chunks`, joined into one array. */
export async function joinedChunks(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  if (parts.length === 1) return parts[0];
  const whole = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}
