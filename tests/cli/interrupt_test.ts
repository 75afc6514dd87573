// Ctrl+C during a transfer (or the listing before it): exit code 130 and one `error: interrupted`
// line (SIGTERM: 143 and `error: terminated`), after the cleanup that matters: no temporary file
// left by a download, no multipart upload left (and billed) by an upload.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { type CliResult, FAKE_KEYS_ENV, spawnCli, type SpawnedCli } from "../support/cli.ts";
import { filesUnder } from "../support/objects.ts";

const MiB = 1024 * 1024;

/** A fake S3 that can hold requests open until the test ends. */
function heldServer(
  respond: (request: Request, hold: () => Promise<Response>) => Response | Promise<Response>,
) {
  const held: ((response: Response) => void)[] = [];
  const hold = () => new Promise<Response>((resolve) => held.push(resolve));
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (request) => respond(request, hold),
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    async close() {
      for (const release of held) release(new Response(null, { status: 500 }));
      await server.shutdown();
    },
  };
}

/**
 * A fake S3 whose every GET promises 4 MiB, sends `sent` bytes and then
 * nothing more; `sending` settles once a body has begun.
 */
function stallingDownloads(sent: number) {
  const bodies: ReadableStreamDefaultController<Uint8Array>[] = [];
  const { promise: sending, resolve: begun } = Promise.withResolvers<void>();
  const server = heldServer(() => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(sent).fill(7));
        bodies.push(controller);
        begun();
      },
    });
    return new Response(body, { headers: { "content-length": String(4 * MiB) } });
  });
  return {
    url: server.url,
    sending,
    async close() {
      for (const controller of bodies) {
        try {
          controller.close();
        } catch {
          // Cancelled when the client went away.
        }
      }
      await server.close();
    },
  };
}

/** Resolves once `dir` holds `count` files, none of them empty. */
async function filesBegun(dir: string, count: number): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 20) {
    const names = await filesUnder(dir);
    const sizes = await Promise.all(
      names.map(async (name) => (await Deno.stat(`${dir}/${name}`)).size),
    );
    if (sizes.length === count && sizes.every((size) => size > 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${count} downloads to begin`);
}

/** Sends Ctrl+C and waits for the end, which must come promptly (not after a stall timeout). */
async function interrupt(cli: SpawnedCli, signal: Deno.Signal = "SIGINT"): Promise<CliResult> {
  const sent = performance.now();
  const result = await cli.stop(signal);
  const ms = performance.now() - sent;
  assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms to stop`);
  return result;
}

Deno.test("Ctrl+C during get-object -o: exit 130, and no file, temporary or final", async () => {
  const server = stallingDownloads(MiB);
  const dir = await Deno.makeTempDir({ prefix: "s3c-interrupt-" });
  try {
    const cli = await spawnCli(
      ["get-object", "bkt", "big.bin", "-o", `${dir}/big.bin`, "--endpoint-url", server.url],
      { env: FAKE_KEYS_ENV, ready: filesBegun(dir, 1) },
    );
    const result = await interrupt(cli);
    assert.equal(result.code, 130, result.stderr);
    assert.equal(result.stderr, "error: interrupted\n");
    assert.equal(result.stdout, "");
    assert.deepEqual(await filesUnder(dir), []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Ctrl+C during get-object to standard output: exit 130, one line", async () => {
  const server = stallingDownloads(2 * MiB);
  try {
    const cli = await spawnCli(
      ["get-object", "bkt", "big.bin", "--endpoint-url", server.url],
      { env: FAKE_KEYS_ENV, ready: server.sending },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const result = await interrupt(cli);
    assert.equal(result.code, 130, result.stderr);
    assert.equal(result.stderr, "error: interrupted\n");
  } finally {
    await server.close();
  }
});

Deno.test("Ctrl+C during get-objects: exit 130, and none of the running downloads leaves a file", async () => {
  const server = stallingDownloads(MiB);
  const dir = await Deno.makeTempDir({ prefix: "s3c-interrupt-" });
  try {
    const cli = await spawnCli(
      ["get-objects", "bkt", "a.bin", "b.bin", "-s", "-o", dir, "--endpoint-url", server.url],
      { env: FAKE_KEYS_ENV, ready: filesBegun(dir, 2) },
    );
    const result = await interrupt(cli);
    assert.equal(result.code, 130, result.stderr);
    assert.equal(result.stderr, "error: interrupted\n");
    assert.deepEqual(await filesUnder(dir), []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Ctrl+C while get-objects lists the bucket: exit 130 at once, not after the listing", async () => {
  // The first page promises more; the second is answered (refused) only after 10 s.
  const { promise: secondPage, resolve: asked } = Promise.withResolvers<void>();
  const refused = () => new Response("<Error><Code>AccessDenied</Code></Error>", { status: 403 });
  const answers: (() => void)[] = [];
  const server = heldServer((request) => {
    if (!new URL(request.url).searchParams.has("continuation-token")) {
      return new Response(
        "<ListBucketResult><IsTruncated>true</IsTruncated>" +
          "<NextContinuationToken>next</NextContinuationToken>" +
          "<Contents><Key>a.bin</Key><Size>1</Size></Contents></ListBucketResult>",
        { headers: { "content-type": "application/xml" } },
      );
    }
    asked();
    return new Promise((resolve) => {
      const answer = () => {
        clearTimeout(timer);
        resolve(refused());
      };
      const timer = setTimeout(answer, 10_000);
      answers.push(answer);
    });
  });
  const dir = await Deno.makeTempDir({ prefix: "s3c-interrupt-" });
  try {
    const cli = await spawnCli(
      ["get-objects", "bkt", "-s", "-o", dir, "--endpoint-url", server.url],
      { env: FAKE_KEYS_ENV, ready: secondPage },
    );
    const result = await interrupt(cli);
    assert.equal(result.code, 130, result.stderr);
    assert.equal(result.stderr, "error: interrupted\n");
    assert.deepEqual(await filesUnder(dir), []);
  } finally {
    answers.forEach((answer) => answer());
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

/** A fake S3 for one multipart upload whose parts never finish; DELETE answers `abortStatus`. */
function multipartServer(abortStatus: number) {
  const aborts: string[] = [];
  const { promise: partStarted, resolve: partArrived } = Promise.withResolvers<void>();
  const server = heldServer((request, hold) => {
    const url = new URL(request.url);
    if (request.method === "POST" && url.searchParams.has("uploads")) {
      return new Response(
        "<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>big.bin</Key>" +
          "<UploadId>upload-1</UploadId></InitiateMultipartUploadResult>",
        { headers: { "content-type": "application/xml" } },
      );
    }
    if (request.method === "PUT" && url.searchParams.has("partNumber")) {
      partArrived();
      return hold();
    }
    if (request.method === "DELETE") {
      aborts.push(`${url.pathname}?uploadId=${url.searchParams.get("uploadId")}`);
      return new Response(
        abortStatus === 204 ? null : "<Error><Code>InternalError</Code></Error>",
        {
          status: abortStatus,
        },
      );
    }
    return new Response(null, { status: 400 });
  });
  return { ...server, aborts, partStarted };
}

async function interruptedUpload(abortStatus: number, signal: Deno.Signal = "SIGINT") {
  const server = multipartServer(abortStatus);
  const dir = await Deno.makeTempDir({ prefix: "s3c-interrupt-" });
  try {
    await Deno.writeFile(`${dir}/big.bin`, new Uint8Array(20 * MiB));
    const cli = await spawnCli(
      ["put-object", "bkt", "big.bin", `${dir}/big.bin`, "-s", "--endpoint-url", server.url],
      { env: FAKE_KEYS_ENV, ready: server.partStarted },
    );
    return { result: await interrupt(cli, signal), aborts: server.aborts };
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("Ctrl+C during a multipart put-object aborts the multipart upload", async () => {
  const { result, aborts } = await interruptedUpload(204);
  assert.equal(result.code, 130, result.stderr);
  assert.equal(result.stderr, "error: interrupted\n");
  assert.deepEqual(aborts, ["/bkt/big.bin?uploadId=upload-1"]);
});

Deno.test("SIGTERM during a multipart put-object aborts it too: exit 143, `error: terminated`", async () => {
  const { result, aborts } = await interruptedUpload(204, "SIGTERM");
  assert.equal(result.code, 143, result.stderr);
  assert.equal(result.stderr, "error: terminated\n");
  assert.deepEqual(aborts, ["/bkt/big.bin?uploadId=upload-1"]);
});

Deno.test("a multipart upload that cannot be aborted is named, with the way to remove it", async () => {
  const { result, aborts } = await interruptedUpload(500);
  assert.equal(result.code, 130, result.stderr);
  assert.ok(aborts.length >= 1);
  assert.match(
    result.stderr,
    /^error: interrupted; the multipart upload upload-1 of big\.bin could not be aborted \(.+\); remove it with aws s3api abort-multipart-upload\n$/,
  );
});

/**
 * A fake S3 whose CompleteMultipartUpload never answers and whose abort says NoSuchUpload;
 * HEAD finds the object made of the uploaded parts when `completed`, else nothing.
 */
function completingServer(completed: boolean) {
  const { promise: completing, resolve: completeArrived } = Promise.withResolvers<void>();
  const partMd5s: string[] = [];
  const server = heldServer(async (request, hold) => {
    const url = new URL(request.url);
    if (request.method === "POST" && url.searchParams.has("uploads")) {
      return new Response(
        "<InitiateMultipartUploadResult><UploadId>upload-1</UploadId>" +
          "</InitiateMultipartUploadResult>",
      );
    }
    if (request.method === "PUT") {
      const md5 = createHash("md5").update(new Uint8Array(await request.arrayBuffer()));
      const hex = md5.digest("hex");
      partMd5s[Number(url.searchParams.get("partNumber")) - 1] = hex;
      return new Response(null, { headers: { etag: `"${hex}"` } });
    }
    if (request.method === "POST") {
      completeArrived();
      return hold();
    }
    if (request.method === "DELETE") {
      return new Response("<Error><Code>NoSuchUpload</Code></Error>", { status: 404 });
    }
    if (request.method === "HEAD" && completed) {
      const whole = createHash("md5");
      for (const hex of partMd5s) whole.update(Uint8Array.from(Buffer.from(hex, "hex")));
      const etag = `"${whole.digest("hex")}-${partMd5s.length}"`;
      return new Response(null, { headers: { etag, "content-length": String(20 * MiB) } });
    }
    return new Response(null, { status: 404 });
  });
  return { ...server, completing };
}

for (const completed of [true, false]) {
  Deno.test(`Ctrl+C during CompleteMultipartUpload, abort says NoSuchUpload, object ${completed ? "stored" : "absent"}: no cleanup advice`, async () => {
    const server = completingServer(completed);
    const dir = await Deno.makeTempDir({ prefix: "s3c-interrupt-" });
    try {
      await Deno.writeFile(`${dir}/big.bin`, new Uint8Array(20 * MiB).fill(7));
      const cli = await spawnCli(
        ["put-object", "bkt", "big.bin", `${dir}/big.bin`, "-s", "--endpoint-url", server.url],
        { env: FAKE_KEYS_ENV, ready: server.completing },
      );
      const result = await interrupt(cli);
      assert.equal(result.code, 130, result.stderr);
      assert.equal(
        result.stderr,
        completed
          ? "error: interrupted; the upload of big.bin had already completed\n"
          : "error: interrupted\n",
      );
    } finally {
      await server.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
}
