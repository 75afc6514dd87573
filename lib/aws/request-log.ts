// --debug: one stderr line per AWS request and one for the credential source. The SDK's requests
// reach it through the middleware of debug-middleware.ts; any request sent without the SDK must
// call logRequest too. Without a sink nothing is formatted or written.

/** One AWS request as --debug reports it: nothing secret (no path, query, header or body). */
export interface RequestRecord {
  /** "s3", "iam", "sts", "sso". */
  readonly service: string;
  /** The API operation, such as GetObject. */
  readonly operation: string;
  /** scheme://host[:port] of the last attempt; undefined when none was sent. */
  readonly endpoint?: string;
  /** The HTTP status of the answer, or the failure's name when none came. */
  readonly status: number | string;
  readonly durationMs: number;
  readonly requestId?: string;
  /** Attempts after the first. */
  readonly retries: number;
}

type Sink = (line: string) => void;

let sink: Sink | undefined;

/** Sends every later request line to `write` (one line each, without its newline). */
export function startRequestLog(write: Sink): void {
  sink = write;
}

/** True when --debug asked for request lines: callers skip their bookkeeping otherwise. */
export function requestLogging(): boolean {
  return sink !== undefined;
}

/** Reports one request (a no-op without --debug). */
export function logRequest(record: RequestRecord): void {
  sink?.(formatRequest(record));
}

/** Reports where the run's credentials came from (a no-op without --debug). */
export function logCredentialSource(source: string): void {
  sink?.(`debug: credentials from ${source}`);
}

/** An answer's request id, from the (lower-case) headers the SDK reads it from. */
export function requestIdOf(headers: Record<string, string | undefined>): string | undefined {
  return headers["x-amzn-requestid"] ?? headers["x-amzn-request-id"] ?? headers["x-amz-request-id"];
}

/** `debug: s3 GetObject http://127.0.0.1:9000 200 12 ms request-id ABC retries 0` */
export function formatRequest(record: RequestRecord): string {
  return [
    "debug:",
    record.service,
    record.operation,
    record.endpoint ?? "-",
    String(record.status),
    `${Math.round(record.durationMs)} ms`,
    `request-id ${record.requestId || "-"}`,
    `retries ${record.retries}`,
  ].join(" ");
}

/** scheme://host[:port] of a URL or of the SDK's request parts; never its path or query. */
export function endpointOf(
  request: { protocol?: string; hostname?: string; port?: number | string },
): string | undefined {
  if (!request.hostname) return undefined;
  const scheme = (request.protocol ?? "https:").replace(/:?$/, "");
  const host = request.hostname.includes(":") && !request.hostname.startsWith("[")
    ? `[${request.hostname}]`
    : request.hostname;
  return `${scheme}://${host}${request.port ? `:${request.port}` : ""}`;
}
