// One local file to S3: read whole when it fits one PUT, else streamed in parts.
import type { S3Client } from "@aws-sdk/client-s3";
import { PART_SIZE, uploadObject, type UploadOptions } from "../aws/upload.ts";

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
    await uploadObject(s3, {
      bucket,
      key,
      body: handle.readable,
      size: request.size,
      contentType,
      source: request.path,
    }, options);
  } finally {
    try {
      handle.close();
    } catch {
      // The stream closed it when it reached the end.
    }
  }
}
