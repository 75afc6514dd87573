// Download bodies as they arrive: every chunk in order, and a body that
// stops arriving fails the download (and closes the connection) instead of
// hanging it, leaving no file behind.
import assert from "node:assert/strict";
import { createClients } from "../../lib/aws/clients.ts";
import { openObject } from "../../lib/transfer/open-object.ts";
import { chunksOf, saveObject } from "../../lib/local/object-body.ts";
import { CliError } from "../../lib/errors.ts";
import { fakeCredentials } from "../support/moto.ts";
import { filesUnder } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const bytes = (text: string) => new TextEncoder().encode(text);

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<string[]> {
  const seen: string[] = [];
  for await (const chunk of chunks) seen.push(new TextDecoder().decode(chunk));
  return seen;
}

Deno.test("chunksOf yields every chunk in order, however slowly they come within the limit", async () => {
  const parts = ["a", "bc", "def"];
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const next = parts.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(bytes(next));
    },
  });
  assert.deepEqual(await collect(chunksOf(stream, "k", 500)), ["a", "bc", "def"]);
});

Deno.test("chunksOf: a slow consumer is not a stalled body", async () => {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < 3; i++) controller.enqueue(new Uint8Array(1024));
      controller.close();
    },
  });
  let pieces = 0;
  for await (const _ of chunksOf(stream, "k", 100)) {
    pieces++;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.equal(pieces, 3);
});

Deno.test("chunksOf: a body that goes silent fails the download and is cancelled", async () => {
  let cancelled = false;
  let sent = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) controller.enqueue(bytes("first"));
      sent = true;
      return new Promise(() => {}); // and then nothing, ever
    },
    cancel() {
      cancelled = true;
    },
  });
  const seen: string[] = [];
  const started = performance.now();
  await assert.rejects(
    (async () => {
      for await (const chunk of chunksOf(stream, "dir/key.bin", 200)) {
        seen.push(new TextDecoder().decode(chunk));
      }
    })(),
    (error) =>
      error instanceof CliError &&
      error.message === "the download of dir/key.bin stalled: no data for 0.2 s",
  );
  assert.ok(performance.now() - started >= 190);
  assert.deepEqual(seen, ["first"]);
  assert.equal(cancelled, true);
});

Deno.test("over fetch, an object whose body stalls leaves no file and no temporary file", async () => {
  // Promises 2 MiB (above the size read whole), sends 1 MiB, then holds the connection open.
  const held: ReadableStreamDefaultController<Uint8Array>[] = [];
  const { promise: dropped, resolve: drop } = Promise.withResolvers<void>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(1024 * 1024));
        held.push(controller);
      },
      // The client closed the connection: the download let go of it.
      cancel: () => drop(),
    });
    return new Response(body, { headers: { "content-length": String(2 * 1024 * 1024) } });
  });
  const dir = await Deno.makeTempDir({ prefix: "s3c-stall-" });
  const { s3 } = await createClients(
    {
      credentials: fakeCredentials,
      region: "us-east-1",
      endpointUrl: `http://127.0.0.1:${server.addr.port}`,
    },
    ["s3"],
    { s3Transport: "fetch" },
  );
  try {
    const body = await openObject(s3, "bkt", "big.bin");
    assert.ok(!(body instanceof Uint8Array), "a large body is streamed");
    let written = 0;
    await assert.rejects(
      saveObject(`${dir}/big.bin`, body, "big.bin", {
        idleMs: 300,
        onBytes: (count) => written += count,
      }),
      /the download of big\.bin stalled: no data for 0\.3 s/,
    );
    assert.equal(written, 1024 * 1024);
    assert.deepEqual(await filesUnder(dir), []);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("the connection was left open")), 5000);
    });
    await Promise.race([dropped, late]).finally(() => clearTimeout(timer));
  } finally {
    s3.destroy();
    for (const controller of held) {
      try {
        controller.close();
      } catch {
        // Already cancelled by the closed connection.
      }
    }
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("saveObject: a stream lands whole, its progress adds up, a cancelled run leaves nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "s3c-save-" });
  try {
    const parts = Array.from({ length: 24 }, (_, i) => new Uint8Array(100_000).fill(i));
    let counted = 0;
    await saveObject(`${dir}/whole.bin`, ReadableStream.from(parts), "whole.bin", {
      onBytes: (count) => counted += count,
    });
    const saved = await Deno.readFile(`${dir}/whole.bin`);
    assert.equal(saved.length, 2_400_000);
    assert.equal(counted, 2_400_000);
    assert.deepEqual([saved[0], saved[100_000], saved[2_399_999]], [0, 1, 23]);

    const run = new AbortController();
    const endless = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        controller.enqueue(new Uint8Array(1024));
      },
    });
    setTimeout(() => run.abort(new Error("another download failed")), 100);
    await assert.rejects(
      saveObject(`${dir}/cut.bin`, endless, "cut.bin", { signal: run.signal }),
      /another download failed/,
    );
    assert.deepEqual(await filesUnder(dir), ["whole.bin"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
