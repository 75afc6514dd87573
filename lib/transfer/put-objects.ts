// put-objects: many local files to a bucket, small ones several at a time,
// large ones one after another with parallel parts, memory kept bounded.
import type { S3Client } from "@aws-sdk/client-s3";
import { isAwsError } from "../aws/service-errors.ts";
import { describeError } from "../error-line.ts";
import { PART_SIZE, PARTS_IN_FLIGHT, UploadFailedError } from "./upload-object.ts";
import { uploadFile } from "./upload-file.ts";
import { forEachConcurrently } from "../concurrency.ts";
import { objectRequests } from "../aws/object-requests.ts";
import type { LocalFile } from "../local/files.ts";
import { contentTypeFor } from "../objects/content-type.ts";

/** A file that could not be uploaded, and why. */
export interface FailedUpload {
  readonly file: LocalFile;
  readonly error: unknown;
}

/** Why a file failed to upload, without naming the file again (its line in the list does). */
export function uploadFailureReason(error: unknown): string {
  return error instanceof UploadFailedError ? error.reason : describeError(error);
}

/** How a run of put-objects ended: the files uploaded and those that failed, in order. */
export interface UploadOutcome {
  readonly uploaded: number;
  readonly failed: readonly FailedUpload[];
}

// Failures that every other file would meet too: they stop the run instead of being listed.
const RUN_WIDE_ERRORS = [
  "TimeoutError", // no answer (or no connection) within the retries' silence budget
  "NoSuchBucket",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "InvalidToken",
  "CredentialsProviderError",
];
const UNREACHABLE_CODES = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"];

function stopsTheRun(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  const code = (error as { code?: string }).code ??
    (error.cause as { code?: string } | undefined)?.code;
  return isAwsError(error, ...RUN_WIDE_ERRORS) || UNREACHABLE_CODES.includes(code ?? "") ||
    /Could not load credentials|Region is missing/.test(error.message);
}

/**
 * Uploads `files` to `bucket` under `prefix`, each with the Content-Type of
 * its extension. Files smaller than a part go `concurrency` at a time; the
 * large ones follow one at a time, each with parallel parts, so memory stays
 * bounded (about `concurrency` + PARTS_IN_FLIGHT parts). A file that fails
 * is listed and the others go on; a failure every file would meet (missing
 * bucket, bad credentials, unreachable endpoint) or a cancellation stops
 * the run and is thrown once the running uploads have ended.
 */
export async function uploadFiles(
  s3: S3Client,
  bucket: string,
  files: readonly LocalFile[],
  options: {
    prefix: string;
    concurrency: number;
    onBytes?: (count: number) => void;
    /** Stops the run: running uploads are cancelled (their multipart uploads aborted). */
    signal?: AbortSignal;
  },
): Promise<UploadOutcome> {
  const small = files.filter((file) => file.size < PART_SIZE);
  const large = files.filter((file) => file.size >= PART_SIZE);
  const onBytes = options.onBytes;
  // Small files skip the SDK's per-request stack: most of the cost of each.
  const lean = small.length > 0 ? await objectRequests(s3, bucket) : undefined;
  const errors = new Map<LocalFile, unknown>();
  let uploaded = 0;
  const upload = (queueSize: number) => async (file: LocalFile, signal: AbortSignal) => {
    try {
      await uploadFile(s3, {
        bucket,
        key: options.prefix + file.key,
        path: file.path,
        contentType: contentTypeFor(file.path),
      }, { queueSize, signal, onBytes, lean });
      uploaded++;
    } catch (error) {
      if (signal.aborted || stopsTheRun(error)) throw error;
      errors.set(file, error);
    }
  };
  await forEachConcurrently(small, options.concurrency, upload(1), options.signal);
  await forEachConcurrently(
    large,
    1,
    upload(Math.min(PARTS_IN_FLIGHT, options.concurrency)),
    options.signal,
  );
  const failed = files.filter((file) => errors.has(file)).map((file) => ({
    file,
    error: errors.get(file),
  }));
  return { uploaded, failed };
}
