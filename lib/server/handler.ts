/**
 * HTTP handling of `localserver`: routes a request to the credentials, a
 * JSON error, or a refusal, and describes it in one access-log line. No
 * sockets here: the handler is a function of a Request, tested directly.
 *
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { SessionCredentials } from "../credentials.ts";
import { formatJson } from "../output/json.ts";
import { formatIsoTimestamp, zeroPadded } from "../output/time.ts";
import { RETRY_AFTER_FAILURE_MS } from "./credential-cache.ts";
import { fromBrowser } from "./host-check.ts";

export interface HandlerOptions {
  /** The credentials to serve (the cache's `get`); a rejection means none are available. */
  credentials: () => Promise<SessionCredentials>;
  /**
   * Whether a Host header names this server (see `hostMatcher`). A request
   * without one (HTTP/1.0) passes: browsers always send it.
   */
  allowedHost: (host: string) => boolean;
  /** When set, requests must carry `Authorization: Bearer {token}`. */
  token?: string;
  /** Receives one access-log line per request (without a newline). */
  log: (line: string) => void;
  /** The clock of the access log; `new Date()` unless given. */
  now?: () => Date;
}

/** The `credential_process` document: 2-space indent, no trailing newline (as the reference). */
export function credentialProcessBody(credentials: SessionCredentials): string {
  return formatJson({
    Version: 1,
    AccessKeyId: credentials.AccessKeyId,
    SecretAccessKey: credentials.SecretAccessKey,
    SessionToken: credentials.SessionToken,
    Expiration: formatIsoTimestamp(credentials.Expiration),
  }, 2);
}

/** The path of the container credentials format (AWS_CONTAINER_CREDENTIALS_FULL_URI). */
export const CONTAINER_PATH = "/container";

/**
 * The container credentials document the AWS SDKs read: `Token`, not
 * `SessionToken`, and an expiry ending in `Z` (the JavaScript SDK refuses `+00:00`).
 */
export function containerCredentialsBody(credentials: SessionCredentials): string {
  return formatJson({
    AccessKeyId: credentials.AccessKeyId,
    SecretAccessKey: credentials.SecretAccessKey,
    Token: credentials.SessionToken,
    Expiration: credentials.Expiration.toISOString(),
  }, 2);
}

/** `YYYY-MM-DD HH:MM:SS` in local time, the access log's timestamp. */
export function formatLocalTimestamp(date: Date): string {
  const [month, day, hours, minutes, seconds] = [
    date.getMonth() + 1,
    date.getDate(),
    date.getHours(),
    date.getMinutes(),
    date.getSeconds(),
  ].map((n) => zeroPadded(n));
  return `${date.getFullYear()}-${month}-${day} ${hours}:${minutes}:${seconds}`;
}

/**
 * The request line as the access log shows it. Deno does not expose the
 * protocol version of HTTP/1 requests, so it is always `HTTP/1.1`.
 */
export function requestLine(request: Request): string {
  const url = new URL(request.url);
  // `url.search` drops a lone `?`, which the client did send.
  const query = url.search || (url.href.endsWith("?") ? "?" : "");
  return `${request.method} ${url.pathname}${query} HTTP/1.1`;
}

/** One access-log line: `{local time} - "{request line}" {status} -`. */
export function accessLogLine(when: Date, request: Request, status: number): string {
  return `${formatLocalTimestamp(when)} - "${requestLine(request)}" ${status} -`;
}

function json(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });
}

const errorBody = (message: string) => formatJson({ error: message });

const sha256 = (text: string) => createHash("sha256").update(text).digest();

/** A comparison whose time does not depend on where the strings differ. */
function sameSecret(given: string, expectedDigest: Uint8Array): boolean {
  return timingSafeEqual(sha256(given), expectedDigest);
}

// SDKs send AWS_CONTAINER_AUTHORIZATION_TOKEN as the whole header value, without `Bearer`.
function bearerToken(request: Request): string | undefined {
  const match = /^(?:Bearer +)?(\S+) *$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1];
}

/**
 * Builds the request handler: `GET /` answers the credentials (200) in the
 * credential_process format, `GET /container` in the container credentials
 * format; a request a web page could have made (a foreign Host, an `Origin`
 * or `Sec-Fetch-Site` header) gets 403 before anything else, a missing or
 * wrong token (with or without `Bearer `) 401, another method 405, another target
 * (any other path or a query string) 404, and no credentials 503. Error
 * bodies are compact JSON (`{"error": "Not found"}`) and never carry detail.
 */
export function credentialHandler(
  options: HandlerOptions,
): (request: Request) => Promise<Response> {
  // An empty token would disable the check below: refused here as well as by the parsers.
  if (options.token === "") throw new Error("the token must not be empty");
  const tokenDigest = options.token === undefined ? undefined : sha256(options.token);
  const now = options.now ?? (() => new Date());
  async function respond(request: Request): Promise<Response> {
    const host = request.headers.get("host");
    if ((host !== null && !options.allowedHost(host)) || fromBrowser(request.headers)) {
      return json(403, errorBody("Forbidden"));
    }
    if (tokenDigest) {
      const given = bearerToken(request);
      if (given === undefined || !sameSecret(given, tokenDigest)) {
        return json(401, errorBody("Unauthorized"), { "www-authenticate": "Bearer" });
      }
    }
    if (request.method !== "GET") {
      return json(405, errorBody("Method not allowed"), { allow: "GET" });
    }
    const url = new URL(request.url);
    const container = url.pathname === CONTAINER_PATH;
    if ((url.pathname !== "/" && !container) || url.search !== "" || url.href.endsWith("?")) {
      return json(404, errorBody("Not found"));
    }
    let credentials: SessionCredentials;
    try {
      credentials = await options.credentials();
    } catch {
      // The cache has logged why; the client learns nothing about the internals.
      return json(503, errorBody("Credentials unavailable"), {
        "retry-after": String(Math.ceil(RETRY_AFTER_FAILURE_MS / 1000)),
      });
    }
    return json(
      200,
      container ? containerCredentialsBody(credentials) : credentialProcessBody(credentials),
    );
  }
  return async (request) => {
    const response = await respond(request);
    options.log(accessLogLine(now(), request, response.status));
    return response;
  };
}
