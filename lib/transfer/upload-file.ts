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
 * The file's bytes from where it stands, read straight into the reader's
 * buffers; unlike `FsFile.readable`, it leaves the file open at the end, so
 * the file can be read again.
 */
function bytesFrom(file: Deno.FsFile): ReadableStream<Uint8Array> {
  return new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: 64 * 1024,
    async pull(controller) {
      const request = controller.byobRequest!;
      const view = request.view!;
      const read = await file.read(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
      if (read === null) {
        controller.close();
        request.respond(0);
      } else request.respond(read);
    },
  });
}

/**
 * Uploads one local file: read whole when smaller than a part (one PUT),
 * otherwise streamed in parts as they are sent (and read again from the
 * start if the endpoint refuses the parts' checksums).
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
  const file = await Deno.open(request.path);
  try {
    await uploadObject(s3, {
      bucket,
      key,
      body: bytesFrom(file),
      size: request.size,
      contentType,
      source: request.path,
      readAgain: async () => {
        await file.seek(0, Deno.SeekMode.Start);
        return bytesFrom(file);
      },
    }, options);
  } finally {
    file.close();
  }
}
