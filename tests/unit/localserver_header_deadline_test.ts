// The header deadline of localserver over real sockets: slow heads are dropped, others relayed.
import assert from "node:assert/strict";
import {
  headerEnd,
  MAX_HEADER_BYTES,
  serveWithHeaderDeadline,
  withConnectionClose,
} from "../../lib/server/header-deadline.ts";
import { bodyOf, rawExchange, rawGet, statusOf } from "../support/raw-http.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const DEADLINE_MS = 400;
const EXCHANGE_MS = 1000;

function start() {
  const seen: Request[] = [];
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const server = serveWithHeaderDeadline(listener, (request) => {
    seen.push(request);
    if (request.method !== "GET") return new Response("no", { status: 405 });
    return new Response(`hello ${request.headers.get("host")}`);
  }, { headerTimeoutMs: DEADLINE_MS, exchangeTimeoutMs: EXCHANGE_MS });
  return { server, port: server.addr.port, seen };
}

Deno.test("the end of the headers: CRLF or LF, blank lines before the request ignored", () => {
  const end = (text: string) => headerEnd(encoder.encode(text));
  assert.equal(end("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), 25);
  assert.equal(end("GET / HTTP/1.1\nHost: a\n\nbody"), 23);
  assert.equal(end("GET / HTTP/1.1\r\n\r\n"), 16);
  assert.equal(end("\r\n\r\nGET / HTTP/1.1\r\n\r\n"), 20);
  for (
    const partial of [
      "",
      "GET / HT",
      "GET / HTTP/1.1\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\n\r",
      "\r\n\r\n",
    ]
  ) {
    assert.equal(end(partial), -1, JSON.stringify(partial));
  }
  const head = encoder.encode("GET / HTTP/1.1\r\nHost: a\r\n\r\nxy");
  assert.equal(
    decoder.decode(withConnectionClose(head, headerEnd(head))),
    "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nxy",
  );
});

Deno.test("a client that has not sent complete headers in time is disconnected", async () => {
  const { server, port, seen } = start();
  try {
    const [partial, silent, headersOnlyHalf] = await Promise.all([
      rawExchange(port, "GET / HT"),
      rawExchange(port, ""),
      rawExchange(port, "GET / HTTP/1.1\r\nHost: localhost\r\n"),
    ]);
    for (const { answer, closedAfterMs } of [partial, silent, headersOnlyHalf]) {
      assert.equal(answer, "");
      assert.ok(closedAfterMs >= DEADLINE_MS - 50, `closed after ${closedAfterMs} ms`);
      assert.ok(closedAfterMs < DEADLINE_MS + 1500, `closed after ${closedAfterMs} ms`);
    }
    assert.equal(seen.length, 0);
  } finally {
    await server.shutdown();
  }
});

Deno.test("a byte now and then does not keep a connection open past the deadline", async () => {
  const { server, port } = start();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const started = performance.now();
  try {
    let closed = false;
    const reading = conn.read(new Uint8Array(1024)).then(
      (n) => closed = n === null,
      () => closed = true,
    );
    for (const byte of "GET / HTTP/1.1\r\nX-Slow: ") {
      if (closed) break;
      await conn.write(encoder.encode(byte)).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await reading;
    assert.ok(closed);
    assert.ok(performance.now() - started < DEADLINE_MS + 1500);
  } finally {
    conn.close();
    await server.shutdown();
  }
});

Deno.test("headers sent in pieces within the deadline are served, then the connection closes", async () => {
  const { server, port, seen } = start();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    for (const piece of ["GET / HT", "TP/1.1\r\nHost: loc", "alhost:1\r\n", "\r\n"]) {
      await conn.write(encoder.encode(piece));
      await new Promise((resolve) => setTimeout(resolve, DEADLINE_MS / 8));
    }
    const chunks: string[] = [];
    const buffer = new Uint8Array(4096);
    for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
      chunks.push(decoder.decode(buffer.subarray(0, n)));
    }
    const answer = chunks.join("");
    assert.equal(statusOf(answer), 200);
    assert.equal(bodyOf(answer), "hello localhost:1");
    assert.match(answer, /\r\nconnection: close\r\n/i);
    assert.equal(seen.length, 1);
  } finally {
    conn.close();
    await server.shutdown();
  }
});

Deno.test("one request per connection: a second, pipelined one is not relayed", async () => {
  const { server, port, seen } = start();
  try {
    const { answer } = await rawExchange(
      port,
      rawGet(["Host: a:1", "Connection: keep-alive"]) + rawGet(["Host: b:1"]),
    );
    assert.equal(answer.match(/^HTTP\/1\.1 /gm)?.length, 1, answer);
    assert.equal(bodyOf(answer), "hello a:1");
    assert.deepEqual(seen.map((request) => request.headers.get("host")), ["a:1"]);
  } finally {
    await server.shutdown();
  }
});

Deno.test("a body announced but never sent is answered, then cut at the exchange deadline", async () => {
  const { server, port } = start();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const started = performance.now();
  try {
    await conn.write(encoder.encode("POST / HTTP/1.1\r\nHost: a:1\r\nContent-Length: 100\r\n\r\n"));
    const buffer = new Uint8Array(4096);
    const n = await conn.read(buffer);
    assert.equal(statusOf(decoder.decode(buffer.subarray(0, n ?? 0))), 405);
    assert.ok(performance.now() - started < EXCHANGE_MS / 2);
    // The server would wait for the body for ever; a byte now and then must not keep it open.
    let closed = false;
    const reading = conn.read(buffer).then((n) => closed = n === null, () => closed = true);
    while (!closed && performance.now() - started < EXCHANGE_MS + 2000) {
      await conn.write(encoder.encode("x")).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await reading;
    const closedAfterMs = performance.now() - started;
    assert.ok(closed);
    assert.ok(closedAfterMs >= EXCHANGE_MS - 50, `closed after ${closedAfterMs} ms`);
    assert.ok(closedAfterMs < EXCHANGE_MS + 1500, `closed after ${closedAfterMs} ms`);
  } finally {
    conn.close();
    await server.shutdown();
  }
});

Deno.test("an oversized head is dropped", async () => {
  const { server, port, seen } = start();
  try {
    const { answer } = await rawExchange(
      port,
      `GET / HTTP/1.1\r\nX-Big: ${"a".repeat(MAX_HEADER_BYTES + 10)}`,
    );
    assert.equal(answer, "");
    assert.equal(seen.length, 0);
  } finally {
    await server.shutdown();
  }
});

Deno.test("shutdown drops connections still sending headers and resolves finished", async () => {
  const { server, port } = start();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(encoder.encode("GET / HT"));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const reading = conn.read(new Uint8Array(16)).catch(() => null);
  const started = performance.now();
  await server.shutdown();
  await server.finished;
  assert.equal(await reading, null);
  assert.ok(performance.now() - started < DEADLINE_MS, "shutdown waited for the deadline");
  conn.close();
  await assert.rejects(Deno.connect({ hostname: "127.0.0.1", port }));
});
