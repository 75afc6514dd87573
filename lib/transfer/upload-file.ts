// One local file to S3: read whole when it fits one PUT, else streamed in parts;
// either way it fails, storing nothing, when the file changes while it is read.
import type { S3Client } from "@aws-sdk/client-s3";
import { PART_SIZE, uploadObject, type UploadOptions } from "./upload-object.ts";

/** A local file to upload, and where it goes. */
export interface FileUploadRequest {
  readonly bucket: string;
  readonly key: string;
  readonly path: string;
  readonly contentType?: string;
}

/**
 * The file's bytes from where it stands, read straight into the reader's
 * buffers; unlike `FsFile.readable`, it leaves the file open at the end, so
 * the file can be looked at and read again.
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
 * The rest of a file of `size` bytes, and the byte after if there is one (a
 * file that grew). A regular file is read in calls that return when done:
 * for a file smaller than a part they cost a fraction of their asynchronous
 * twins. Anything else (a pipe, a device) may make a reader wait, so it is
 * read without holding up the rest of the run (Ctrl+C included).
 */
async function readExpected(file: Deno.FsFile, info: Deno.FileInfo): Promise<Uint8Array> {
  const buffer = new Uint8Array(info.size + 1);
  let filled = 0;
  while (filled < buffer.length) {
    const rest = buffer.subarray(filled);
    const read = info.isFile ? file.readSync(rest) : await file.read(rest);
    if (read === null) break;
    filled += read;
  }
  return buffer.subarray(0, filled);
}

/**
 * True when `bytesRead` bytes of a file that was `before` and is now `after`
 * may not be the file of one moment: a different length, size or
 * modification time.
 */
function changedWhileRead(before: Deno.FileInfo, after: Deno.FileInfo, bytesRead: number): boolean {
  return bytesRead !== before.size || after.size !== before.size ||
    after.mtime?.getTime() !== before.mtime?.getTime();
}

/**
 * Uploads one local file: read whole when smaller than a part (one PUT),
 * otherwise streamed in parts as they are sent (and read again from the
 * start if the endpoint refuses the parts' checksums). The bytes read are
 * compared with the file's size when opened, and its size and modification
 * time after: a file that changed meanwhile fails with nothing stored.
 */
export async function uploadFile(
  s3: S3Client,
  request: FileUploadRequest,
  options: UploadOptions = {},
): Promise<void> {
  const { bucket, key, contentType, path } = request;
  // A regular file opens at once; a pipe waits for its writer, without holding up the run.
  const file = Deno.statSync(path).isFile ? Deno.openSync(path) : await Deno.open(path);
  try {
    const before = file.statSync();
    const upload = {
      bucket,
      key,
      contentType,
      source: path,
      changed: async (bytesRead: number) => changedWhileRead(before, await file.stat(), bytesRead),
    };
    if (before.size < PART_SIZE) {
      const body = await readExpected(file, before);
      const small = {
        ...upload,
        changed: (read: number) => Promise.resolve(changedWhileRead(before, file.statSync(), read)),
      };
      return await uploadObject(s3, { ...small, body }, options);
    }
    await uploadObject(s3, {
      ...upload,
      body: bytesFrom(file),
      size: before.size,
      readAgain: async () => {
        await file.seek(0, Deno.SeekMode.Start);
        return bytesFrom(file);
      },
    }, options);
  } finally {
    file.close();
  }
}
