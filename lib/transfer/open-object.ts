// An object's bytes on their way out of S3: streamed when large, read whole
// when small, with a body that stops arriving failing instead of hanging.
import type { S3Client } from "@aws-sdk/client-s3";
import { getObjectStream } from "../aws/objects.ts";
import { chunksOf, joinedChunks, type ObjectBody, STALL_AFTER_MS } from "../local/object-body.ts";

/** Bodies up to this size are read in one go. */
export const SMALL_BODY = 1024 * 1024;

/** What opening an object may be given: cancellation, and how long its body may go silent. */
export interface OpenObjectOptions {
  readonly signal?: AbortSignal;
  /** A body that sends nothing for this long fails the download (default 10 s). */
  readonly idleMs?: number;
}

/**
 * Starts a GetObject of `key` and returns its bytes: as a stream (one
 * request, however large the object), or whole when small. A missing key
 * or bucket fails here, before anything is written anywhere.
 */
export async function openObject(
  s3: S3Client,
  bucket: string,
  key: string,
  options: OpenObjectOptions = {},
): Promise<ObjectBody> {
  const { stream, length } = await getObjectStream(s3, bucket, key, options.signal);
  if (!stream) return new Uint8Array();
  // A small body is cheaper read whole (and written in one operation).
  if ((length ?? Infinity) > SMALL_BODY) return stream;
  return await joinedChunks(chunksOf(stream, key, options.idleMs ?? STALL_AFTER_MS));
}
