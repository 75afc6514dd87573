// Uploads: one PutObject for small bodies, our own multipart upload for
// large ones (multipart.ts), reading streams as the parts go out.
// Every body is sent with its CRC32 as a header, so S3 checks what it stored.
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { crc32Base64, refusesChecksums, withUnsignedPayload } from "./checksum.ts";
import { describeError } from "../error-line.ts";
import {
  PartChecksumsRefused,
  SOURCE_CHANGED,
  UploadFailedError,
  uploadInParts,
} from "./multipart.ts";
import { PART_SIZE, PartBuffers, partSizes, readParts } from "./parts.ts";
import type { ObjectRequests } from "../aws/object-requests.ts";

/** Bodies larger than this (8 MiB) are sent in parts; see partSizes for the parts' sizes. */
export { PART_SIZE };
export { UploadFailedError };

/** Parts of one upload in flight at once. */
export const PARTS_IN_FLIGHT = 4;

/** One object to upload. */
export interface UploadRequest {
  readonly bucket: string;
  readonly key: string;
  /** A stream is read as the parts are sent, never wholly held in memory. */
  readonly body: ReadableStream<Uint8Array> | Uint8Array;
  /**
   * The stream's length when known beforehand (a file's size): parts then
   * have one size that fits the body in 10,000 parts. Without it, part sizes
   * grow as a long stream goes on.
   */
  readonly size?: number;
  readonly contentType?: string;
  /** What the body is called in errors (a file's path); the key when absent. */
  readonly source?: string;
  /**
   * The stream's bytes again from the start, for a source that can be read
   * twice (a file): an upload whose parts the endpoint refused for their
   * checksums then starts over without them. A stream without it fails.
   */
  readonly readAgain?: () => Promise<ReadableStream<Uint8Array>>;
  /**
   * Asked once the body has been read to its end, before the upload is
   * completed, with the bytes read: true when the source changed meanwhile
   * (a file written to during the upload), which fails the upload and stores
   * nothing.
   */
  readonly changed?: (bytesRead: number) => Promise<boolean>;
}

/** How an upload runs: parts in flight, progress, cancellation. */
export interface UploadOptions {
  readonly queueSize?: number;
  /** Hears of the bytes sent, as a count added since the last call. */
  readonly onBytes?: (count: number) => void;
  readonly signal?: AbortSignal;
  /** Hears, once per client, that the endpoint refused checksum headers (default: stderr). */
  readonly onWarning?: (line: string) => void;
  /**
   * The bucket's requests without the SDK's per-request stack, for single
   * PUTs of a run of many small files (lib/aws/object-requests.ts).
   */
  readonly lean?: ObjectRequests;
}

/** Clients whose endpoint refused checksum headers: their uploads go without. */
const withoutChecksums = new WeakSet<S3Client>();

/**
 * Runs `send` with checksums, unless this client's endpoint refused them;
 * when it refuses them now, says so once and runs `send` again without.
 */
async function withChecksumFallback<T>(
  s3: S3Client,
  options: UploadOptions,
  send: (checksums: boolean) => Promise<T>,
): Promise<T> {
  if (withoutChecksums.has(s3)) return await send(false);
  try {
    return await send(true);
  } catch (error) {
    if (!refusesChecksums(error) || options.signal?.aborted) throw error;
    refused(s3, options, error);
    return await send(false);
  }
}

/** Uploads from this client go without checksums from now on; the first to learn it says so. */
function refused(s3: S3Client, options: UploadOptions, error: unknown): void {
  if (withoutChecksums.has(s3)) return;
  withoutChecksums.add(s3);
  const warn = options.onWarning ?? ((line: string) => console.error(`warning: ${line}`));
  warn(`the endpoint refused CRC32 checksums (${describeError(error)}); uploading without them`);
}

async function putWhole(
  s3: S3Client,
  request: UploadRequest,
  body: Uint8Array,
  options: UploadOptions,
): Promise<void> {
  await withChecksumFallback(s3, options, async (checksums) => {
    if (
      options.lean &&
      await options.lean.put(
        request.key,
        body,
        putHeaders(request, body, checksums),
        options.signal,
      )
    ) {
      return;
    }
    const put = new PutObjectCommand({
      Bucket: request.bucket,
      Key: request.key,
      Body: body,
      ContentLength: body.length,
      ...(request.contentType ? { ContentType: request.contentType } : {}),
      ...(checksums ? { ChecksumCRC32: crc32Base64(body) } : {}),
    });
    await s3.send(
      checksums ? withUnsignedPayload(put) : put,
      options.signal ? { abortSignal: options.signal } : {},
    );
  });
  options.onBytes?.(body.length);
}

/** The headers a PutObjectCommand of `body` would send, for the lean path. */
function putHeaders(
  request: UploadRequest,
  body: Uint8Array,
  checksums: boolean,
): Record<string, string> {
  return {
    "content-length": String(body.length),
    ...(request.contentType ? { "content-type": request.contentType } : {}),
    // As withUnsignedPayload: the CRC32 is signed and checked by S3; without it, the body's hash is signed.
    ...(checksums
      ? { "x-amz-checksum-crc32": crc32Base64(body), "x-amz-content-sha256": "UNSIGNED-PAYLOAD" }
      : {}),
  };
}

/** A single PUT of a body read to its end, unless its source changed while it was read. */
async function putWholeUnchanged(
  s3: S3Client,
  request: UploadRequest,
  body: Uint8Array,
  options: UploadOptions,
): Promise<void> {
  if (await request.changed?.(body.length)) {
    throw new UploadFailedError(request.source ?? request.key, SOURCE_CHANGED);
  }
  await putWhole(s3, request, body, options);
}

async function* prepend(
  head: readonly Uint8Array[],
  rest: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  yield* head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/**
 * Uploads one body: a single PutObject when it is at most PART_SIZE,
 * otherwise a multipart upload of PART_SIZE parts (aborted on failure or
 * cancellation, so no orphaned parts are left). Each request carries the
 * CRC32 of its body. An endpoint that refuses the checksums of parts only
 * gets the upload again without them, read anew (`readAgain`).
 */
export async function uploadObject(
  s3: S3Client,
  request: UploadRequest,
  options: UploadOptions = {},
): Promise<void> {
  const attempt = progressOnce(options.onBytes);
  try {
    return await uploadBody(s3, request, request.body, { ...options, onBytes: attempt() });
  } catch (error) {
    if (!(error instanceof PartChecksumsRefused)) throw error;
    const again = request.body instanceof Uint8Array ? request.body : await request.readAgain?.();
    if (!again) {
      throw new UploadFailedError(
        request.source ?? request.key,
        `the endpoint refused CRC32 checksums on its parts (${describeError(error.refusal)}), ` +
          "and a stream cannot be read again to send it without them: " +
          "save it to a file and upload the file",
      );
    }
    refused(s3, options, error.refusal);
    await uploadBody(s3, request, again, { ...options, onBytes: attempt() });
  }
}

/**
 * Progress over the attempts of one upload: each call gives the `onBytes`
 * of one attempt, and bytes an earlier attempt counted are not counted again.
 */
function progressOnce(onBytes: UploadOptions["onBytes"]): () => UploadOptions["onBytes"] {
  let counted = 0;
  return () => {
    if (!onBytes) return undefined;
    let sent = 0;
    return (count) => {
      sent += count;
      if (sent > counted) {
        onBytes(sent - counted);
        counted = sent;
      }
    };
  };
}

async function uploadBody(
  s3: S3Client,
  request: UploadRequest,
  body: UploadRequest["body"],
  options: UploadOptions,
): Promise<void> {
  if (body instanceof Uint8Array && body.length <= PART_SIZE) {
    return await putWholeUnchanged(s3, request, body, options);
  }
  const buffers = new PartBuffers();
  const sizes = partSizes(body instanceof Uint8Array ? body.length : request.size);
  const parts = body instanceof Uint8Array
    ? (async function* () {
      const size = sizes(1); // one size: the length is known
      for (let at = 0; at < body.length; at += size) yield body.subarray(at, at + size);
    })()
    : readParts(body, sizes, buffers);
  // One part or less (looked at one part ahead): a single PUT, as for a small body.
  const head: Uint8Array[] = [];
  for (let i = 0; i < 2; i++) {
    const next = await parts.next();
    if (next.done || next.value.length === 0) break;
    head.push(next.value);
    if (next.value.length < sizes(i + 1)) break;
  }
  if (head.length <= 1) {
    await parts.return?.(undefined);
    return await putWholeUnchanged(s3, request, head[0] ?? new Uint8Array(), options);
  }
  const all = prepend(head, parts);
  await withChecksumFallback(s3, options, (checksums) =>
    uploadInParts(
      s3,
      {
        bucket: request.bucket,
        key: request.key,
        contentType: request.contentType,
        source: request.source ?? request.key,
        changed: request.changed,
        checksums,
        partsInFlight: options.queueSize ?? PARTS_IN_FLIGHT,
        onBytes: options.onBytes,
        signal: options.signal,
        buffers,
      },
      all,
    ));
}
