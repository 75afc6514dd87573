// A fault-injecting HTTP proxy in front of the emulator, on raw TCP so that it can
// do what a real network does and an HTTP server cannot: lose a response after the
// request took effect. One request per connection (moto answers `Connection: close`).

/** What the proxy does with one request. */
export type Fault =
  | { kind: "pass" }
  /**
   * Answer with this status and an AWS-shaped error body (`InternalError`,
   * "injected fault" unless `code`/`message` say otherwise); the request never arrives.
   */
  | { kind: "status"; status: number; code?: string; message?: string }
  /** Forward, wait for the answer (the change is made), then close without answering. */
  | { kind: "lose-response" }
  /** Forward (the change is made), then keep the answer until `release` settles: a slow call. */
  | { kind: "hold-response"; release: Promise<unknown> }
  /** Flip the byte at `offset` of the request body, then forward it. */
  | { kind: "corrupt-request"; offset: number };

/** One request as the proxy saw it. */
export interface ProxiedRequest {
  readonly index: number;
  readonly method: string;
  /** The raw request target (path and query), undecoded. */
  readonly target: string;
  readonly headers: Headers;
  readonly body: Uint8Array;
  /** `Action` of an IAM/STS query request, if any. */
  readonly action?: string;
}

export interface FaultProxy {
  url: string;
  /** Every request, in arrival order, with the fault it got. */
  readonly log: { request: ProxiedRequest; fault: Fault["kind"] }[];
  close(): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const HEADER_END = encoder.encode("\r\n\r\n");
const EXPECT_CONTINUE = /\r\nexpect:\s*100-continue/i;

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** Reads one whole request (headers, then a Content-Length or chunked body). */
async function readRequest(conn: Deno.Conn): Promise<{ head: string; raw: Uint8Array } | null> {
  let data: Uint8Array = new Uint8Array();
  const buffer = new Uint8Array(64 * 1024);
  const more = async () => {
    const n = await conn.read(buffer);
    if (n === null) return false;
    data = concat(data, buffer.subarray(0, n));
    return true;
  };
  let end = -1;
  while ((end = indexOf(data, HEADER_END)) < 0) if (!(await more())) return null;
  const head = decoder.decode(data.subarray(0, end));
  const bodyStart = end + 4;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  // A client that asks first (large bodies) would otherwise wait seconds before sending the body.
  if (EXPECT_CONTINUE.test(head)) {
    await writeAll(conn, encoder.encode("HTTP/1.1 100 Continue\r\n\r\n"));
  }
  if (length) {
    // Read into one buffer of the whole request: joining every chunk read is quadratic.
    const whole = new Uint8Array(bodyStart + Number(length[1]));
    let filled = Math.min(data.length, whole.length);
    whole.set(data.subarray(0, filled));
    while (filled < whole.length) {
      const n = await conn.read(whole.subarray(filled));
      if (n === null) return null;
      filled += n;
    }
    data = whole;
  } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const last = encoder.encode("\r\n0\r\n");
    while (indexOf(data, last, bodyStart - 2) < 0 || indexOf(data, HEADER_END, bodyStart) < 0) {
      if (!(await more())) return null;
    }
  }
  return { head, raw: data };
}

function describe(index: number, head: string, raw: Uint8Array): ProxiedRequest {
  const [requestLine, ...headerLines] = head.split("\r\n");
  const [method, target] = requestLine.split(" ");
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const body = raw.subarray(head.length + 4);
  const query = new URLSearchParams(target.split("?")[1] ?? "");
  const form = headers.get("content-type")?.includes("x-www-form-urlencoded")
    ? new URLSearchParams(decoder.decode(body))
    : undefined;
  const action = form?.get("Action") ?? query.get("Action") ?? undefined;
  return { index, method, target, headers, body, action };
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  while (bytes.length > 0) bytes = bytes.subarray(await conn.write(bytes));
}

/** Sends `raw` to the upstream and returns its whole answer (read until it closes). */
async function forward(upstream: Deno.ConnectOptions, raw: Uint8Array): Promise<Uint8Array> {
  const conn = await Deno.connect(upstream);
  try {
    await writeAll(conn, raw);
    const chunks: Uint8Array[] = [];
    for await (const chunk of conn.readable) chunks.push(chunk);
    return chunks.reduce(concat, new Uint8Array());
  } finally {
    try {
      conn.close();
    } catch {
      // The readable side closed it.
    }
  }
}

function errorResponse(
  status: number,
  code = "InternalError",
  message = "injected fault",
): Uint8Array {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code>` +
    `<Message>${message}</Message><RequestId>fault</RequestId></Error>`;
  return encoder.encode(
    `HTTP/1.1 ${status} Injected\r\nContent-Type: application/xml\r\n` +
      `Content-Length: ${encoder.encode(body).length}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Picks the fault for one request; it may first change the upstream (another client's call). */
export type Decide = (request: ProxiedRequest) => Fault | Promise<Fault>;

/**
 * Faults by IAM action: a single fault goes to the action's first request, a list to its
 * first requests in turn; every other request passes.
 */
export function faultsInTurn(faults: Record<string, Fault | Fault[]>): Decide {
  const seen = new Map<string, number>();
  return (request) => {
    const action = request.action ?? "";
    const count = seen.get(action) ?? 0;
    seen.set(action, count + 1);
    return [faults[action] ?? []].flat()[count] ?? { kind: "pass" };
  };
}

/**
 * Starts a proxy on 127.0.0.1 (random port) in front of `upstreamUrl` (an http://
 * address); `decide` picks the fault for each request.
 */
export function startFaultProxy(
  upstreamUrl: string,
  decide: Decide = () => ({ kind: "pass" }),
): FaultProxy {
  const upstream = new URL(upstreamUrl);
  const target = { hostname: upstream.hostname, port: Number(upstream.port) };
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const log: FaultProxy["log"] = [];
  const open = new Set<Deno.Conn>();
  let count = 0;

  async function serve(conn: Deno.Conn) {
    open.add(conn);
    try {
      const request = await readRequest(conn);
      if (!request) return;
      const info = describe(count++, request.head, request.raw);
      const fault = await decide(info);
      log.push({ request: info, fault: fault.kind });
      if (fault.kind === "status") {
        return await writeAll(conn, errorResponse(fault.status, fault.code, fault.message));
      }
      let raw = request.raw;
      if (fault.kind === "corrupt-request") {
        raw = raw.slice();
        const at = request.head.length + 4 + fault.offset;
        if (at < raw.length) raw[at] ^= 0xff;
      }
      // The body is here already: the upstream need not be asked for it.
      const head = request.head.replace(/\r\nexpect:[^\r]*/i, "");
      if (head !== request.head) {
        raw = concat(encoder.encode(`${head}\r\n\r\n`), raw.subarray(request.head.length + 4));
      }
      const answer = await forward(target, raw);
      if (fault.kind === "hold-response") await fault.release;
      if (fault.kind !== "lose-response") await writeAll(conn, answer);
    } catch {
      // The client went away: nothing to answer.
    } finally {
      open.delete(conn);
      try {
        conn.close();
      } catch {
        // Already closed.
      }
    }
  }

  const accepting = (async () => {
    try {
      for await (const conn of listener) serve(conn);
    } catch {
      // Closed.
    }
  })();

  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    log,
    async close() {
      listener.close();
      for (const conn of open) {
        try {
          conn.close();
        } catch {
          // Already closed.
        }
      }
      await accepting;
    },
  };
}
