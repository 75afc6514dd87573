/**
 * An HTTP server that closes connections which have not sent complete
 * request headers in time. `Deno.serve` has no such limit, so a client
 * could hold any number of connections open by sending a byte now and
 * then. Here a TCP front accepts the connections, waits (with a deadline)
 * for the end of the headers, and only then relays the connection to a
 * `Deno.serve` listening on a private loopback port. Each relayed request
 * is marked `Connection: close`, so every request on a connection meets
 * the deadline (a second request would otherwise reach the server
 * unwatched). After the headers, the whole exchange has a longer, second
 * deadline: the server waits for an announced body even after it has
 * answered, and a slow body must not hold the connection either.
 *
 * @module
 */

/** How long a client has to send its request line and headers. */
export const HEADER_TIMEOUT_MS = 5_000;

/** How long the rest of an exchange may take: a renewal's AWS calls, with their retries, fit. */
export const EXCHANGE_TIMEOUT_MS = 60_000;

/** Larger request heads are not relayed (the credential requests are a few hundred bytes). */
export const MAX_HEADER_BYTES = 64 * 1024;

export interface HeaderDeadlineOptions {
  /** The deadline; HEADER_TIMEOUT_MS unless given. */
  headerTimeoutMs?: number;
  /** The deadline of the exchange after the headers; EXCHANGE_TIMEOUT_MS unless given. */
  exchangeTimeoutMs?: number;
}

/** The running server: the address the front listens on, and how to stop it. */
export interface GuardedServer {
  addr: Deno.NetAddr;
  /** Resolves once the server has shut down. */
  finished: Promise<void>;
  /** Stops accepting, drops connections still sending headers, finishes requests in flight. */
  shutdown(): Promise<void>;
}

const LF = 0x0a;
const CR = 0x0d;
const CONNECTION_CLOSE = new TextEncoder().encode("Connection: close\r\n");

/**
 * Where the headers end: the index just after the line feed of the last
 * header line (the blank line follows), or -1 if the blank line has not
 * arrived yet. Blank lines before the request line are skipped, as servers do.
 */
export function headerEnd(bytes: Uint8Array): number {
  let start = 0;
  while (start < bytes.length && (bytes[start] === CR || bytes[start] === LF)) start++;
  for (let i = start; i < bytes.length - 1; i++) {
    if (bytes[i] !== LF) continue;
    if (bytes[i + 1] === LF) return i + 1;
    if (bytes[i + 1] === CR && bytes[i + 2] === LF) return i + 1;
  }
  return -1;
}

/** The request head with `Connection: close` added as its last header. */
export function withConnectionClose(head: Uint8Array, end: number): Uint8Array {
  const out = new Uint8Array(head.length + CONNECTION_CLOSE.length);
  out.set(head.subarray(0, end));
  out.set(CONNECTION_CLOSE, end);
  out.set(head.subarray(end), end + CONNECTION_CLOSE.length);
  return out;
}

/** Reads until the headers are complete; undefined on end of stream or an oversized head. */
async function readHead(conn: Deno.Conn): Promise<{ bytes: Uint8Array; end: number } | undefined> {
  let bytes = new Uint8Array(0);
  const chunk = new Uint8Array(16 * 1024);
  while (bytes.length <= MAX_HEADER_BYTES) {
    const n = await conn.read(chunk);
    if (n === null) return undefined;
    const grown = new Uint8Array(bytes.length + n);
    grown.set(bytes);
    grown.set(chunk.subarray(0, n), bytes.length);
    bytes = grown;
    const end = headerEnd(bytes);
    if (end >= 0) return { bytes, end };
  }
  return undefined;
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let written = 0; written < bytes.length;) {
    written += await conn.write(bytes.subarray(written));
  }
}

/** Copies `from` to `to` until `from` ends. */
async function pump(from: Deno.Conn, to: Deno.Conn): Promise<void> {
  const buffer = new Uint8Array(16 * 1024);
  for (let n = await from.read(buffer); n !== null; n = await from.read(buffer)) {
    await writeAll(to, buffer.subarray(0, n));
  }
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // Already closed.
  }
}

/**
 * Serves `handler` on `listener` with a deadline for request headers.
 * Takes ownership of the listener (closed by `shutdown`).
 */
export function serveWithHeaderDeadline(
  listener: Deno.Listener<Deno.Conn, Deno.NetAddr>,
  handler: (request: Request) => Response | Promise<Response>,
  options: HeaderDeadlineOptions = {},
): GuardedServer {
  const headerTimeoutMs = options.headerTimeoutMs ?? HEADER_TIMEOUT_MS;
  const exchangeTimeoutMs = options.exchangeTimeoutMs ?? EXCHANGE_TIMEOUT_MS;
  const inner = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  const waiting = new Set<Deno.Conn>();
  const relayed = new Set<Deno.Conn>();
  let closing = false;

  async function relay(client: Deno.Conn): Promise<void> {
    waiting.add(client);
    let timer = setTimeout(() => closeQuietly(client), headerTimeoutMs);
    let upstream: Deno.Conn | undefined;
    try {
      const head = await readHead(client);
      clearTimeout(timer);
      waiting.delete(client);
      if (!head || closing) return;
      relayed.add(client);
      upstream = await Deno.connect({ hostname: "127.0.0.1", port: inner.addr.port });
      const both = [client, upstream];
      timer = setTimeout(() => both.forEach(closeQuietly), exchangeTimeoutMs);
      relayed.add(upstream);
      await writeAll(upstream, withConnectionClose(head.bytes, head.end));
      const server = upstream;
      // A request body, if any, goes on to the server; a client that half-closes is passed on.
      pump(client, server).then(() => server.closeWrite()).catch(() => {});
      // The server closes after its one response: then the relay is over.
      await pump(server, client);
    } catch {
      // A reset, or a connection closed by the deadline or by shutdown, ends the relay.
    } finally {
      clearTimeout(timer);
      waiting.delete(client);
      for (const conn of [client, upstream]) {
        if (!conn) continue;
        relayed.delete(conn);
        closeQuietly(conn);
      }
    }
  }

  async function acceptAll(): Promise<void> {
    while (!closing) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        if (closing) return;
        // Out of descriptors or an aborted handshake: try again shortly.
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      relay(conn);
    }
  }

  const accepting = acceptAll();
  let stopped: Promise<void> | undefined;
  const { promise: finished, resolve: finish } = Promise.withResolvers<void>();
  return {
    addr: listener.addr,
    finished,
    shutdown() {
      stopped ??= (async () => {
        closing = true;
        try {
          listener.close();
        } catch {
          // Already closed.
        }
        waiting.forEach(closeQuietly);
        await inner.shutdown();
        relayed.forEach(closeQuietly);
        await accepting;
        finish();
      })();
      return stopped;
    },
  };
}
