// A do-nothing S3 endpoint for measuring client cost: the emulator's own time
// hides what a client spends. It discards upload bodies, answers the multipart
// calls, serves zeros for GETs and generates listings, all without storing
// anything. Path-style only (`/bucket/key`); any bucket name is accepted.
//
// Every bucket "holds" `smallCount` keys `small-000000`, `small-000001`, ...
// of `smallSize` bytes and, when `bigSize` is not 0, one key `big` of
// `bigSize` bytes; a key uploaded is served as zeros of the size uploaded, so
// that a client checking its upload finds it, and any other key is missing
// (404: rclone looks for a file of the name it uploads under). What was
// uploaded is counted, not kept, so that a benchmark can check that every
// object and byte arrived.
import { createHash } from "node:crypto";

export interface NullS3Options {
  smallCount: number;
  smallSize: number;
  bigSize: number;
  /**
   * Heard before each listing page is answered, with the key the page starts after ("" for the
   * first): tests hold a page with it, or answer with the Response it returns instead.
   */
  listingPage?(after: string): Promise<Response | void>;
}

export interface NullS3 {
  readonly endpoint: string;
  /** Requests answered so far. */
  readonly requests: number;
  /** Objects stored so far: single PUTs and completed multipart uploads. */
  readonly objects: number;
  /** Object bytes received so far (single PUTs and parts, without any chunk framing). */
  readonly bytes: number;
  close(): Promise<void>;
}

const PAGE = 1000;
const ZEROS = new Uint8Array(1024 * 1024);
const XML = { "content-type": "application/xml" };

export const smallKey = (index: number) => `small-${String(index).padStart(6, "0")}`;

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A body of `size` zeros, streamed from one shared megabyte. */
function zeros(size: number): ReadableStream<Uint8Array> {
  let left = size;
  return new ReadableStream({
    type: "bytes",
    pull(controller) {
      if (left <= 0) return controller.close();
      const chunk = ZEROS.subarray(0, Math.min(left, ZEROS.length));
      left -= chunk.length;
      controller.enqueue(chunk.slice());
    },
  });
}

/** Reads and drops a request body; its length, and the MD5 when asked (a single PUT's ETag). */
async function drain(
  body: ReadableStream<Uint8Array> | null,
  md5: boolean,
): Promise<{ length: number; etag: string }> {
  const hash = md5 ? createHash("md5") : undefined;
  let length = 0;
  if (body) {
    for await (const chunk of body) {
      length += chunk.length;
      hash?.update(chunk);
    }
  }
  return { length, etag: hash ? hash.digest("hex") : crypto.randomUUID().replaceAll("-", "") };
}

/** What the endpoint has been sent: objects and their bytes. */
interface Stored {
  objects: number;
  bytes: number;
  /** Every key there is to serve, with its size: the generated ones and those uploaded. */
  sizes: Map<string, number>;
  /** The bytes of each multipart upload's parts so far, by upload id. */
  parts: Map<string, number>;
}

/** Every bucket's keys in listing order: "big" sorts before "small-...". */
function generatedKeys(options: NullS3Options): { key: string; size: number }[] {
  const keys = options.bigSize > 0 ? [{ key: "big", size: options.bigSize }] : [];
  for (let i = 0; i < options.smallCount; i++) {
    keys.push({ key: smallKey(i), size: options.smallSize });
  }
  return keys;
}

/** ListObjectsV2 over the generated `keys`, 1,000 a page (or max-keys). */
function listing(
  bucket: string,
  params: URLSearchParams,
  keys: { key: string; size: number }[],
): Response {
  const prefix = params.get("prefix") ?? "";
  const after = params.get("continuation-token") ?? params.get("start-after") ?? "";
  const max = Math.min(Number(params.get("max-keys") ?? PAGE), PAGE);
  let from = 0;
  for (let step = keys.length; step > 0; step >>= 1) {
    while (from + step <= keys.length && keys[from + step - 1].key <= after) from += step;
  }
  const page: { key: string; size: number }[] = [];
  let truncated = false;
  for (let i = from; i < keys.length; i++) {
    if (!keys[i].key.startsWith(prefix)) continue;
    if (page.length === max) {
      truncated = true;
      break;
    }
    page.push(keys[i]);
  }
  const contents = page.map(({ key, size }) =>
    `<Contents><Key>${escapeXml(key)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>` +
    `<ETag>&quot;0&quot;</ETag><Size>${size}</Size><StorageClass>STANDARD</StorageClass></Contents>`
  ).join("");
  const next = truncated
    ? `<NextContinuationToken>${escapeXml(page.at(-1)!.key)}</NextContinuationToken>`
    : "";
  return new Response(
    `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult>` +
      `<Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix>` +
      `<KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys>` +
      `<IsTruncated>${truncated}</IsTruncated>${next}${contents}</ListBucketResult>`,
    { headers: XML },
  );
}

/** Zeros for the object `key`, whole or the one range asked for. */
function object(
  key: string,
  request: Request,
  sizes: ReadonlyMap<string, number>,
): Response {
  const size = sizes.get(key);
  if (size === undefined) {
    const body = request.method === "HEAD" ? null : "<Error><Code>NoSuchKey</Code></Error>";
    return new Response(body, { status: 404, headers: XML });
  }
  const headers: Record<string, string> = {
    "content-type": "application/octet-stream",
    "etag": '"0"',
    "last-modified": "Thu, 01 Jan 2026 00:00:00 GMT",
    "accept-ranges": "bytes",
  };
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.get("range") ?? "");
  let [start, end, status] = [0, size - 1, 200];
  if (range) {
    start = Number(range[1]);
    end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
    status = 206;
    headers["content-range"] = `bytes ${start}-${end}/${size}`;
  }
  headers["content-length"] = String(end - start + 1);
  const body = request.method === "HEAD" ? null : zeros(end - start + 1);
  return new Response(body, { status, headers });
}

async function answer(
  request: Request,
  keys: { key: string; size: number }[],
  stored: Stored,
  options: NullS3Options,
): Promise<Response> {
  const url = new URL(request.url);
  const params = url.searchParams;
  const [bucket = "", ...rest] = url.pathname.slice(1).split("/");
  const key = decodeURIComponent(rest.join("/"));
  const method = request.method;
  if (!key) {
    await drain(request.body, false);
    if (method === "GET" && params.has("location")) {
      return new Response(`<LocationConstraint/>`, { headers: XML });
    }
    if (method === "GET") {
      const after = params.get("continuation-token") ?? params.get("start-after") ?? "";
      return await options.listingPage?.(after) ?? listing(bucket, params, keys);
    }
    if (method === "POST" && params.has("delete")) {
      return new Response(`<DeleteResult/>`, { headers: XML });
    }
    return new Response(null, { status: 200 });
  }
  if (method === "POST" && params.has("uploads")) {
    await drain(request.body, false);
    return new Response(
      `<InitiateMultipartUploadResult><Bucket>${escapeXml(bucket)}</Bucket>` +
        `<Key>${escapeXml(key)}</Key><UploadId>${crypto.randomUUID()}</UploadId>` +
        `</InitiateMultipartUploadResult>`,
      { headers: XML },
    );
  }
  if (method === "POST" && params.has("uploadId")) {
    await drain(request.body, false);
    stored.objects++;
    const uploadId = params.get("uploadId")!;
    stored.sizes.set(key, stored.parts.get(uploadId) ?? 0);
    stored.parts.delete(uploadId);
    return new Response(
      `<CompleteMultipartUploadResult><Bucket>${escapeXml(bucket)}</Bucket>` +
        `<Key>${escapeXml(key)}</Key><ETag>&quot;0-1&quot;</ETag>` +
        `</CompleteMultipartUploadResult>`,
      { headers: XML },
    );
  }
  if (method === "PUT") {
    const single = !params.has("uploadId");
    const { length, etag } = await drain(request.body, single);
    // A streamed upload (aws-chunked) declares its object length beside the framed body's.
    const decoded = request.headers.get("x-amz-decoded-content-length");
    const size = decoded === null ? length : Number(decoded);
    stored.bytes += size;
    if (single) {
      stored.objects++;
      stored.sizes.set(key, size);
    } else {
      const uploadId = params.get("uploadId")!;
      stored.parts.set(uploadId, (stored.parts.get(uploadId) ?? 0) + size);
    }
    return new Response(null, { status: 200, headers: { etag: `"${etag}"` } });
  }
  if (method === "DELETE") {
    await drain(request.body, false);
    return new Response(null, { status: 204 });
  }
  return object(key, request, stored.sizes);
}

/** Starts the endpoint on 127.0.0.1 (a free port). */
export function startNullS3(options: NullS3Options): NullS3 {
  let requests = 0;
  const keys = generatedKeys(options);
  const stored: Stored = {
    objects: 0,
    bytes: 0,
    sizes: new Map(keys.map(({ key, size }) => [key, size])),
    parts: new Map(),
  };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    requests++;
    return answer(request, keys, stored, options);
  });
  return {
    endpoint: `http://127.0.0.1:${server.addr.port}`,
    get requests() {
      return requests;
    },
    get objects() {
      return stored.objects;
    },
    get bytes() {
      return stored.bytes;
    },
    close: () => server.shutdown(),
  };
}

if (import.meta.main) {
  const [small = "1000", size = "4096", big = String(256 * 1024 * 1024)] = Deno.args;
  const nullS3 = startNullS3({
    smallCount: Number(small),
    smallSize: Number(size),
    bigSize: Number(big),
  });
  console.log(`do-nothing S3 endpoint at ${nullS3.endpoint} (Ctrl+C stops it)`);
}
