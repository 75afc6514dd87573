// A multipart upload of our own: CreateMultipartUpload declaring CRC32, each
// part sent with its CRC32 as a header (S3 checks it against what it
// stored), a bounded number of parts in flight, CompleteMultipartUpload
// with every part's checksum, and AbortMultipartUpload on failure or
// cancellation. Holding the upload id ourselves means the abort can never
// be skipped silently.
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { CliError, InterruptedError } from "../errors.ts";
import { crc32Base64, refusesChecksums, withUnsignedPayload } from "./checksum.ts";
import type { PartBuffers } from "./parts.ts";
import { isAwsError } from "../aws/service-errors.ts";
import { describeError } from "../error-line.ts";

/** Why an upload fails when its source changed while it was read (a file written to meanwhile). */
export const SOURCE_CHANGED = "it changed while it was being read";

/** An upload that failed: the message names the source, `reason` says the rest. */
export class UploadFailedError extends CliError {
  constructor(readonly source: string, readonly reason: string) {
    super(`cannot upload ${source}: ${reason}`);
    this.name = "UploadFailedError";
  }
}

/**
 * The endpoint refused a part's checksum header after accepting the upload
 * that declared it; the upload was aborted, and can start over without
 * checksums from a body that can be read again.
 */
export class PartChecksumsRefused extends Error {
  constructor(readonly refusal: unknown) {
    super("the endpoint refused the parts' checksums");
    this.name = "PartChecksumsRefused";
  }
}

/** Where the parts go and how they are sent. */
export interface MultipartTarget {
  readonly bucket: string;
  readonly key: string;
  readonly contentType?: string;
  /** What the body is called in errors: a file's path, or the key. */
  readonly source: string;
  /**
   * Asked once the parts have been read to their end, with the bytes read:
   * true when the source changed meanwhile, which fails the upload.
   */
  readonly changed?: (bytesRead: number) => Promise<boolean>;
  /** False when the endpoint refused checksum headers. */
  readonly checksums: boolean;
  readonly partsInFlight: number;
  readonly onBytes?: (count: number) => void;
  readonly signal?: AbortSignal;
  /**
   * Where the parts' buffers go back once sent, to be filled again (required:
   * without it every part is a fresh 8 MiB buffer, and memory piles up).
   */
  readonly buffers: PartBuffers;
}

/**
 * Uploads `parts` (at least one) as one multipart upload. Parts are read only as slots free up,
 * so at most `partsInFlight` + 1 parts are held. On failure the upload is
 * aborted and the error names the source and the first real cause (a
 * PartChecksumsRefused when a part's checksum was refused); on
 * cancellation the upload is aborted and an InterruptedError says what
 * could not be cleaned up.
 */
export async function uploadInParts(
  s3: S3Client,
  target: MultipartTarget,
  parts: AsyncIterator<Uint8Array>,
): Promise<void> {
  const { bucket, key } = target;
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      ...(target.contentType ? { ContentType: target.contentType } : {}),
      ...(target.checksums ? { ChecksumAlgorithm: "CRC32" } : {}),
    }),
    target.signal ? { abortSignal: target.signal } : {},
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error("CreateMultipartUpload answered without an UploadId");
  // Stops the other parts in flight once one has failed, or on cancellation.
  const stop = new AbortController();
  const signal = target.signal ? AbortSignal.any([target.signal, stop.signal]) : stop.signal;
  const done: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const send = (number: number, body: Uint8Array) => {
    const checksum = target.checksums ? crc32Base64(body) : undefined;
    const part = new UploadPartCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: number,
      Body: body,
      ContentLength: body.length,
      ...(checksum ? { ChecksumCRC32: checksum } : {}),
    });
    const sending = s3.send(checksum ? withUnsignedPayload(part) : part, { abortSignal: signal })
      .then((answer) => {
        done.push({
          PartNumber: number,
          ETag: answer.ETag,
          ...(checksum ? { ChecksumCRC32: checksum } : {}),
        });
        target.onBytes?.(body.length);
        target.buffers.giveBack(body);
      }, (error) => {
        failure ??= { error };
        stop.abort();
      }).finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  };
  try {
    let number = 0;
    let read = 0;
    while (!failure && !signal.aborted) {
      if (inFlight.size >= target.partsInFlight) {
        await Promise.race(inFlight);
        continue;
      }
      const next = await parts.next();
      if (next.done) {
        if (await target.changed?.(read)) throw new CliError(SOURCE_CHANGED);
        break;
      }
      read += next.value.length;
      send(++number, next.value);
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    target.signal?.throwIfAborted();
    done.sort((a, b) => a.PartNumber! - b.PartNumber!);
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: done },
      }),
      target.signal ? { abortSignal: target.signal } : {},
    );
  } catch (error) {
    stop.abort();
    await Promise.all(inFlight);
    await parts.return?.();
    const interrupted = target.signal?.aborted === true;
    const left = await abortUpload(s3, target, uploadId, done);
    if (interrupted) throw new InterruptedError(left);
    if (!left && target.checksums && refusesChecksums(error)) throw new PartChecksumsRefused(error);
    const cause = describeError(error);
    throw new UploadFailedError(target.source, `${cause}${left ? `; ${left}` : ""}`);
  }
}

/**
 * Aborts the upload; returns what is left for the user to do, if anything.
 * NoSuchUpload means the upload is gone: completed (the object now holds
 * exactly our parts) or already aborted, and either way nothing is left.
 */
async function abortUpload(
  s3: S3Client,
  target: MultipartTarget,
  uploadId: string,
  done: readonly CompletedPart[],
): Promise<string | undefined> {
  const { bucket, key } = target;
  try {
    await s3.send(
      new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }),
    );
    return undefined;
  } catch (error) {
    if (isAwsError(error, "NoSuchUpload")) {
      return await completedAnyway(s3, target, done)
        ? `the upload of ${key} had already completed`
        : undefined;
    }
    return `the multipart upload ${uploadId} of ${key} could not be aborted ` +
      `(${describeError(error)}); ` +
      "remove it with aws s3api abort-multipart-upload";
  }
}

/** True when the object's ETag is the multipart ETag of exactly these parts. */
async function completedAnyway(
  s3: S3Client,
  target: MultipartTarget,
  done: readonly CompletedPart[],
): Promise<boolean> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: target.key }));
    return head.ETag !== undefined && head.ETag === multipartETag(done);
  } catch {
    return false;
  }
}

/** S3's ETag of a completed multipart upload: MD5 of the parts' MD5s, then "-" and their count. */
export function multipartETag(parts: readonly CompletedPart[]): string | undefined {
  const sorted = [...parts].sort((a, b) => a.PartNumber! - b.PartNumber!);
  const hash = createHash("md5");
  for (const part of sorted) {
    const hex = part.ETag?.replaceAll('"', "") ?? "";
    if (!/^[0-9a-f]{32}$/i.test(hex)) return undefined;
    hash.update(Uint8Array.from(hex.match(/../g)!, (byte) => parseInt(byte, 16)));
  }
  return `"${hash.digest("hex")}-${sorted.length}"`;
}
