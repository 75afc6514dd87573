// GetObject and PutObject of small bodies, and ListObjectsV2 pages, without the SDK's per-request
// middleware stack, for runs of thousands of objects: the endpoint is resolved once per bucket and
// every request is signed by the client's own signer (with its signing key kept between requests:
// signing-key.ts), sent with Deno's fetch, retried by the client's retry strategy, and fails with
// the SDK's error type, as a `send` would (docs/benchmarks.md has what it saves).
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getEndpointFromInstructions } from "@smithy/core/endpoints";
import {
  getRetryAfterHint,
  isServerError,
  isThrottlingError,
  isTransientError,
} from "@smithy/core/retry";
import { HttpRequest } from "@smithy/core/transport";
import { fetchRefusesPort, fetchRewritesPath } from "./fetch-transport.ts";
import { type ListPage, parseListPage } from "./list-page.ts";
import { verifiedBody } from "./response-checksum.ts";
import { logRequest, requestIdOf, requestLogging } from "./request-log.ts";
import { pause, RequestControl } from "./request-control.ts";
import { recipeOf } from "./client-recipe.ts";
import { type RequestError, serviceError } from "./s3-error.ts";
import { rememberSigningKeys } from "./signing-key.ts";

/** The requests of one bucket that skip the SDK's middleware stack. */
export interface ObjectRequests {
  /**
   * The bytes of `key`, read whole; undefined when this path cannot serve
   * the key as the SDK would (a key fetch would rewrite), or when the object
   * turns out longer than `maxBytes`: the caller then sends it through the client.
   */
  get(
    key: string,
    read: BodyReader,
    maxBytes: number,
    signal?: AbortSignal,
  ): Promise<Uint8Array | undefined>;
  /** One page of ListObjectsV2 (`prefix`, `continuation-token`, ... as its query names them). */
  list(query: Record<string, string>, signal?: AbortSignal): Promise<ListPage>;
  /** Stores `body` at `key` with `headers` (Content-Type, checksum); false when it cannot. */
  put(
    key: string,
    body: Uint8Array,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<boolean>;
}

/**
 * Reads a response body whole (with the caller's stall detection), given its
 * key and its Content-Length; `cancel` ends the request.
 */
export type BodyReader = (
  body: ReadableStream<Uint8Array>,
  key: string,
  length: number | undefined,
  cancel: (reason: unknown) => void,
) => Promise<Uint8Array>;

interface Signer {
  sign(
    request: HttpRequest,
    options: { signingDate: Date; signingRegion?: string; signingService?: string },
  ): Promise<HttpRequest>;
}

/** The parts of an S3 client's resolved configuration this path uses. */
interface S3Config {
  signer(authScheme?: unknown): Promise<Signer>;
  retryStrategy(): Promise<RetryStrategy>;
  systemClockOffset?: number;
  responseChecksumValidation?: () => Promise<string>;
}

interface RetryToken {
  getRetryDelay(): number;
  getRetryCount(): number;
}

interface RetryStrategy {
  acquireInitialRetryToken(scope: string): Promise<RetryToken>;
  refreshRetryTokenForRetry(token: RetryToken, info: unknown): Promise<RetryToken>;
  recordSuccess(token: RetryToken): void;
}

interface AuthScheme {
  name?: string;
  signingName?: string;
  signingRegion?: string;
}

/**
 * The lean requests of `bucket` through `s3`, or undefined (the caller then
 * sends through the client) when the client's time limits are not known
 * (it was not made by createClients), when the bucket needs what only the
 * SDK's stack does (another signing scheme, such as a directory bucket's
 * sessions, or an endpoint it cannot resolve), or when fetch refuses the
 * endpoint's port.
 */
export async function objectRequests(
  s3: S3Client,
  bucket: string,
): Promise<ObjectRequests | undefined> {
  const timeoutMs = recipeOf(s3)?.responseTimeoutMs;
  if (!timeoutMs) return undefined;
  const config = s3.config as unknown as S3Config;
  let endpoint: Awaited<ReturnType<typeof getEndpointFromInstructions>>;
  try {
    endpoint = await getEndpointFromInstructions(
      { Bucket: bucket, Key: "key" },
      GetObjectCommand as never,
      s3.config as never,
    );
  } catch {
    return undefined; // the SDK's own send says what is wrong
  }
  const scheme = (endpoint.properties?.authSchemes as AuthScheme[] | undefined)?.[0] ?? {};
  if ((scheme.name ?? "sigv4") !== "sigv4" || fetchRefusesPort(endpoint.url.href)) return undefined;
  const signer = await config.signer(scheme);
  rememberSigningKeys(signer);
  const strategy = await config.retryStrategy();
  const validate = (await config.responseChecksumValidation?.()) === "WHEN_SUPPORTED";
  const base = endpoint.url;
  const basePath = base.pathname.replace(/\/$/, "");
  const bucketPath = basePath || "/";

  /**
   * One request, signed and sent with the client's retries; what `consume`
   * makes of the response of the last attempt (a failure of `consume` is
   * retried as the request's own would be).
   */
  async function send<T>(
    operation: string,
    target: { path: string; query?: Record<string, string> },
    init: { method: string; headers: Record<string, string>; body?: Uint8Array },
    request: RequestControl,
    consume: (response: Response) => Promise<T>,
  ): Promise<T> {
    let token = await strategy.acquireInitialRetryToken(bucket);
    let retryDelay = 0;
    const started = logging ? performance.now() : 0;
    const log = (status: number | string, requestId?: string | null) =>
      logging && logRequest({
        service: "s3",
        operation,
        endpoint: base.origin,
        status,
        durationMs: performance.now() - started,
        requestId: requestId ?? undefined,
        retries: token.getRetryCount(),
      });
    const search = target.query ? `?${queryString(target.query)}` : "";
    while (true) {
      try {
        const signed = await signer.sign(
          new HttpRequest({
            method: init.method,
            protocol: base.protocol,
            hostname: base.hostname,
            port: base.port ? Number(base.port) : undefined,
            path: target.path,
            query: target.query,
            headers: { host: base.host, ...init.headers },
            body: init.body,
          }),
          {
            signingDate: new Date(Date.now() + (config.systemClockOffset ?? 0)),
            signingRegion: scheme.signingRegion,
            signingService: scheme.signingName,
          },
        );
        const response = await request.fetch(base.origin + target.path + search, {
          method: init.method,
          headers: signed.headers,
          body: init.body as BodyInit | undefined,
        });
        if (response.status >= 300) throw await serviceError(response, operation);
        const result = await consume(response);
        strategy.recordSuccess(token);
        if (logging) log(response.status, requestIdOf(Object.fromEntries(response.headers)));
        return result;
      } catch (error) {
        const failure = error as RequestError;
        if (failure instanceof Error) failure.$operation ??= operation;
        if (request.stopped) throw error;
        try {
          token = await strategy.refreshRetryTokenForRetry(token, {
            error,
            errorType: retryErrorType(failure),
            retryAfterHint: getRetryAfterHint(failure.$response as never),
          });
        } catch {
          if (failure.$metadata) {
            failure.$metadata.attempts = token.getRetryCount() + 1;
            failure.$metadata.totalRetryDelay = retryDelay;
          }
          log(failure.$metadata?.httpStatusCode ?? failure.name, failure.$metadata?.requestId);
          throw error;
        }
        retryDelay += token.getRetryDelay();
        await pause(token.getRetryDelay(), request.caller);
      }
    }
  }

  const logging = requestLogging();
  const keyPath = (key: string) => `${basePath}/${signedKeyPath(key)}`;
  const returned = (response: Response) => Promise.resolve(response);

  return {
    async get(key, read, maxBytes, signal) {
      if (fetchRewritesPath(key)) return undefined;
      const headers: Record<string, string> = validate ? { "x-amz-checksum-mode": "ENABLED" } : {};
      const request = new RequestControl(timeoutMs, signal);
      try {
        const response = await send(
          "GetObject",
          { path: keyPath(key) },
          { method: "GET", headers },
          request,
          returned,
        );
        const declared = response.headers.get("content-length");
        const length = declared === null ? undefined : Number(declared);
        if ((length ?? 0) > maxBytes) {
          await response.body?.cancel();
          return undefined;
        }
        const bytes = response.body
          ? await read(response.body, key, length, (reason) => request.abort(reason))
          : new Uint8Array();
        return validate ? await verifiedBody(bytes, response.headers) : bytes;
      } finally {
        request.done();
      }
    },
    async list(query, signal) {
      const request = new RequestControl(timeoutMs, signal);
      try {
        const text = await send(
          "ListObjectsV2",
          { path: bucketPath, query: { "list-type": "2", ...query } },
          { method: "GET", headers: {} },
          request,
          (response) => request.within(response.text()),
        );
        return parseListPage(text);
      } finally {
        request.done();
      }
    },
    async put(key, body, headers, signal) {
      if (fetchRewritesPath(key)) return false;
      const request = new RequestControl(timeoutMs, signal);
      try {
        await send(
          "PutObject",
          { path: keyPath(key) },
          { method: "PUT", headers, body },
          request,
          async (response) => await response.body?.cancel(),
        );
        return true;
      } finally {
        request.done();
      }
    },
  };
}

/** A query as the SDK writes it: names and values percent-encoded as in a key. */
function queryString(query: Record<string, string>): string {
  return Object.entries(query).map(([name, value]) => `${escapeUri(name)}=${escapeUri(value)}`)
    .join("&");
}

/**
 * A key as the path of its URL, as the SDK writes it and SigV4 signs it ('/' kept, the rest
 * percent-encoded as RFC 3986 says, `!'()*` too, unlike lib/objects/url.ts's links).
 */
function signedKeyPath(key: string): string {
  return key.split("/").map(escapeUri).join("/");
}

/** RFC 3986 percent-encoding, as SigV4 and the SDK write URLs. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** How the SDK's retry middleware classes a failure for its retry strategy. */
function retryErrorType(error: RequestError): string {
  if (isThrottlingError(error as never)) return "THROTTLING";
  if (isTransientError(error as never)) return "TRANSIENT";
  if (isServerError(error as never)) return "SERVER_ERROR";
  return "CLIENT_ERROR";
}
