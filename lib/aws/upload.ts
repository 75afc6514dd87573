// Uploads through @aws-sdk/lib-storage: one PUT for small bodies, parallel
// multipart parts for large ones, reading streams as the parts go out.
import { AbortMultipartUploadCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { collectYoungGarbage } from "../gc.ts";
import { InterruptedError } from "../errors.ts";
import { describeError } from "./describe-error.ts";

/** Part size of multipart uploads, and the size from which a body is sent in parts (8 MiB). */
export const PART_SIZE = 8 * 1024 * 1024;

/** Parts of one upload in flight at once. */
export const PARTS_IN_FLIGHT = 4;

/** One object to upload. */
export interface UploadRequest {
  readonly bucket: string;
  readonly key: string;
  /** A stream is read as the parts are sent, never wholly held in memory. */
  readonly body: ReadableStream<Uint8Array> | Uint8Array;
  readonly contentType?: string;
}

/** How an upload runs: parts in flight, progress, cancellation. */
export interface UploadOptions {
  readonly queueSize?: number;
  /** Hears of the bytes sent, as a count added since the last call. */
  readonly onBytes?: (count: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * Uploads one body: a single PutObject when it is smaller than PART_SIZE,
 * otherwise a multipart upload of PART_SIZE parts (aborted on failure, so
 * no orphaned parts are left).
 */
export async function uploadObject(
  s3: S3Client,
  request: UploadRequest,
  options: UploadOptions = {},
): Promise<void> {
  if (request.body instanceof Uint8Array && request.body.length < PART_SIZE) {
    // Sent directly: lib-storage's machinery around a single PUT cost about 5% more CPU in
    // put-objects of 1,000 small files, and it would not cancel the request in flight.
    await s3.send(
      new PutObjectCommand({
        Bucket: request.bucket,
        Key: request.key,
        Body: request.body,
        ...(request.contentType ? { ContentType: request.contentType } : {}),
      }),
      options.signal ? { abortSignal: options.signal } : {},
    );
    options.onBytes?.(request.body.length);
    return;
  }
  const abortController = new AbortController();
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: request.bucket,
      Key: request.key,
      Body: request.body,
      ...(request.contentType ? { ContentType: request.contentType } : {}),
    },
    partSize: PART_SIZE,
    queueSize: options.queueSize ?? PARTS_IN_FLIGHT,
    abortController,
  });
  let reported = 0;
  const streamed = !(request.body instanceof Uint8Array);
  upload.on("httpUploadProgress", ({ loaded }) => {
    // A part has gone: let its buffers go too, before the next parts are read.
    if (streamed) collectYoungGarbage();
    if (loaded !== undefined && loaded > reported) {
      options.onBytes?.(loaded - reported);
      reported = loaded;
    }
  });
  const abort = () => abortController.abort();
  options.signal?.addEventListener("abort", abort);
  try {
    await upload.done();
  } catch (error) {
    if (options.signal?.aborted) await abortUnfinishedUpload(s3, request, upload);
    throw error;
  } finally {
    options.signal?.removeEventListener("abort", abort);
  }
}

/**
 * After a cancellation, aborts the multipart upload now. lib-storage gives
 * up at once but sends its own AbortMultipartUpload only once the parts in
 * flight have finished, and an interrupted process does not wait for them:
 * without this the parts would stay stored (and billed) until a lifecycle
 * rule removes them. An upload still being created is waited for. When
 * the abort fails, the error says which upload is left and how to remove it.
 */
async function abortUnfinishedUpload(
  s3: S3Client,
  request: UploadRequest,
  upload: Upload,
): Promise<void> {
  const internals = upload as unknown as {
    createMultiPartPromise?: Promise<{ UploadId?: string }>;
  };
  const created = await internals.createMultiPartPromise?.catch(() => undefined);
  const uploadId = created?.UploadId;
  if (!uploadId) return;
  try {
    await s3.send(
      new AbortMultipartUploadCommand({
        Bucket: request.bucket,
        Key: request.key,
        UploadId: uploadId,
      }),
    );
  } catch (error) {
    throw new InterruptedError(
      `the multipart upload ${uploadId} of ${request.key} could not be aborted ` +
        `(${describeError(error)}); ` +
        "remove it with aws s3api abort-multipart-upload",
    );
  }
}

/** A local file to upload: where it is, its size, and where it goes. */
export interface FileUploadRequest {
  readonly bucket: string;
  readonly key: string;
  readonly path: string;
  readonly size: number;
  readonly contentType?: string;
}

/**
 * Uploads one local file: read whole when smaller than a part (one PUT),
 * otherwise streamed in parts as they are sent.
 */
export async function uploadFile(
  s3: S3Client,
  request: FileUploadRequest,
  options: UploadOptions = {},
): Promise<void> {
  const { bucket, key, contentType } = request;
  if (request.size < PART_SIZE) {
    const body = await Deno.readFile(request.path);
    return await uploadObject(s3, { bucket, key, body, contentType }, options);
  }
  const handle = await Deno.open(request.path);
  try {
    await uploadObject(s3, { bucket, key, body: handle.readable, contentType }, options);
  } finally {
    try {
      handle.close();
    } catch {
      // The stream closed it when it reached the end.
    }
  }
}
