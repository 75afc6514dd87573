// Listing, reading, sizing and deleting objects.
import {
  type _Object,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { ListedObject } from "./list-page.ts";
import type { ObjectRequests } from "./object-requests.ts";
import { itemsOf } from "./paginate.ts";

/** Most keys one DeleteObjects request may name. */
export const DELETE_BATCH_SIZE = 1000;

/** What a listing asks for: the keys under `prefix`, with owners when `fetchOwner`. */
export interface ListOptions {
  readonly prefix?: string;
  readonly fetchOwner?: boolean;
  /** The bucket's lean requests (objectRequests): pages read without the SDK's stack. */
  readonly requests?: ObjectRequests;
  /** Stops the listing: the page being read is given up (through the SDK, the next is not asked). */
  readonly signal?: AbortSignal;
}

/**
 * Every object of `bucket` (under `prefix`), page by page as ListObjectsV2
 * returns them (in key order). `fetchOwner` asks for each object's owner.
 */
export function listObjects(
  s3: S3Client,
  bucket: string,
  options: ListOptions = {},
): AsyncGenerator<_Object | ListedObject> {
  if (options.requests) return leanListing(options.requests, options);
  return itemsOf(
    stoppable(
      paginateListObjectsV2(
        { client: s3, pageSize: 1000 },
        {
          Bucket: bucket,
          ...(options.prefix ? { Prefix: options.prefix } : {}),
          ...(options.fetchOwner ? { FetchOwner: true } : {}),
        },
      ),
      options.signal,
    ),
    (page) => page.Contents,
  );
}

/** The pages of `pages` until `signal` stops them (the one being read is still read). */
async function* stoppable<Page>(pages: AsyncIterable<Page>, signal?: AbortSignal) {
  for await (const page of pages) {
    signal?.throwIfAborted();
    yield page;
  }
}

/** The pages of a listing through the bucket's lean requests, 1,000 objects each. */
async function* leanListing(
  requests: ObjectRequests,
  options: ListOptions,
): AsyncGenerator<ListedObject> {
  const query: Record<string, string> = {
    "max-keys": "1000",
    ...(options.prefix ? { prefix: options.prefix } : {}),
    ...(options.fetchOwner ? { "fetch-owner": "true" } : {}),
  };
  let token: string | undefined;
  do {
    const page = await requests.list(
      token ? { ...query, "continuation-token": token } : query,
      options.signal,
    );
    yield* page.objects;
    token = page.next;
  } while (token);
}

/**
 * Every key (and size) of `bucket` under `prefix`, collected; `listed` is
 * told of each as it arrives.
 */
export async function listKeys(
  s3: S3Client,
  bucket: string,
  options: Omit<ListOptions, "fetchOwner"> & { listed?(key: string, size: number): void } = {},
): Promise<{ key: string; size: number }[]> {
  const keys: { key: string; size: number }[] = [];
  for await (const object of listObjects(s3, bucket, options)) {
    const item = { key: object.Key!, size: object.Size ?? 0 };
    keys.push(item);
    options.listed?.(item.key, item.size);
  }
  return keys;
}

/** The size of `key` from HeadObject, or 0 when it cannot be had (as the reference counts it). */
export async function objectSize(s3: S3Client, bucket: string, key: string): Promise<number> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return head.ContentLength ?? 0;
  } catch {
    return 0;
  }
}

/** The body of a GetObject, and its length when the server gave one. */
export interface ObjectStream {
  /** Undefined when the response had no body. */
  readonly stream?: ReadableStream<Uint8Array>;
  readonly length?: number;
}

interface StreamingBody {
  transformToWebStream(): ReadableStream<Uint8Array>;
}

/**
 * Starts a GetObject of `key`: one request, its body streamed however large
 * the object. A missing key or bucket fails here, before any byte is read.
 */
export async function getObjectStream(
  s3: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<ObjectStream> {
  const response = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key }),
    signal ? { abortSignal: signal } : {},
  );
  const body = response.Body as StreamingBody | undefined;
  return { stream: body?.transformToWebStream(), length: response.ContentLength };
}

/** The length of `key` from HeadObject (0 when none is given); failures are thrown. */
export async function objectLength(
  s3: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<number> {
  const head = await s3.send(
    new HeadObjectCommand({ Bucket: bucket, Key: key }),
    signal ? { abortSignal: signal } : {},
  );
  return head.ContentLength ?? 0;
}

/** A key S3 refused to delete, with its error code and message. */
export interface DeleteFailure {
  readonly key: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Deletes `keys` (exactly as given, never trimmed) with one DeleteObjects
 * request per 1,000 keys, in order. Keys S3 refuses are returned; the
 * remaining batches are still sent. Other failures (missing bucket,
 * credentials) are thrown.
 */
export async function deleteKeys(
  s3: S3Client,
  bucket: string,
  keys: readonly string[],
): Promise<DeleteFailure[]> {
  const failures: DeleteFailure[] = [];
  for (let start = 0; start < keys.length; start += DELETE_BATCH_SIZE) {
    const batch = keys.slice(start, start + DELETE_BATCH_SIZE);
    const response = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    for (const error of response.Errors ?? []) {
      failures.push({
        key: error.Key ?? "",
        code: error.Code ?? "Error",
        message: error.Message ?? "",
      });
    }
  }
  return failures;
}
