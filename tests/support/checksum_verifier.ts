// An S3 front that verifies `x-amz-checksum-crc32` as AWS does (moto stores the
// header's value without checking it): a body that does not match is refused
// with 400 BadDigest; everything else is forwarded to `upstream` unchanged.
// Before checking, it can do what a bad network or server would: flip a byte
// of a request body, or answer an error itself.
import { crc32 } from "node:zlib";

/** What the front does with one request before checking it. */
export type FrontFault =
  | { kind: "pass" }
  /** Flip the body byte at `offset`, as if the network had. */
  | { kind: "corrupt"; offset: number }
  /** Answer this status with an AWS-shaped error; the request never arrives. */
  | { kind: "status"; status: number; code?: string; message?: string };

/** One request as the front received it (before any corruption). */
export interface FrontRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: Uint8Array;
}

export interface ChecksumVerifier {
  url: string;
  /** Every request, in arrival order. */
  readonly log: FrontRequest[];
  /** `METHOD path?query` of each request refused for its checksum. */
  readonly refused: string[];
  close(): Promise<void>;
}

function crc32Base64(bytes: Uint8Array): string {
  const value = crc32(bytes) >>> 0;
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return btoa(String.fromCharCode(...out));
}

function errorAnswer(status: number, code: string, message: string): Response {
  return new Response(`<Error><Code>${code}</Code><Message>${message}</Message></Error>`, {
    status,
    headers: { "content-type": "application/xml" },
  });
}

export function startChecksumVerifier(
  upstream: string,
  decide: (request: FrontRequest) => FrontFault = () => ({ kind: "pass" }),
): ChecksumVerifier {
  const log: FrontRequest[] = [];
  const refused: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const url = new URL(request.url);
    const body = new Uint8Array(await request.arrayBuffer());
    const seen = { method: request.method, url, headers: request.headers, body: body.slice() };
    log.push(seen);
    const fault = decide(seen);
    if (fault.kind === "status") {
      return errorAnswer(fault.status, fault.code ?? "AccessDenied", fault.message ?? "injected");
    }
    if (fault.kind === "corrupt") body[fault.offset] ^= 0xff;
    const declared = request.headers.get("x-amz-checksum-crc32");
    if (declared && crc32Base64(body) !== declared) {
      refused.push(`${request.method} ${url.pathname}${url.search}`);
      return errorAnswer(
        400,
        "BadDigest",
        "The CRC32 you specified did not match the calculated checksum.",
      );
    }
    const answer = await fetch(`${upstream}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body: request.method === "GET" || request.method === "HEAD" ? undefined : body,
    });
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    log,
    refused,
    close: () => server.shutdown(),
  };
}
