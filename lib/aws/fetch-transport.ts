// S3 over Deno's own `fetch`, for downloads: it reads a large object with far
// less CPU and memory than the SDK's Node.js HTTP handler on Deno's
// compatibility layer (docs/benchmarks.md has the figures). Uploads stay on
// the Node.js handler: streamed request bodies through fetch were held in memory.
import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** Ports the Fetch standard forbids (Deno refuses them before connecting). */
const BLOCKED_PORTS = new Set(
  ("1 7 9 11 13 15 17 19 20 21 22 23 25 37 42 43 53 69 77 79 87 95 101 102 103 104 109 110 " +
    "111 113 115 117 119 123 135 137 139 143 161 179 389 427 465 512 513 514 515 526 530 531 " +
    "532 540 548 554 556 563 587 601 636 989 990 993 995 1719 1720 1723 2049 3659 4045 4190 " +
    "5060 5061 6000 6566 6665 6666 6667 6668 6669 6679 6697 10080")
    .split(" ").map(Number),
);

/** True when `fetch` would refuse to connect to `endpoint` (a URL), whatever is listening there. */
export function fetchRefusesPort(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  return url.port !== "" && BLOCKED_PORTS.has(Number(url.port));
}

/** Deno's wording of a failed request, and the Node.js code the same failure carries there. */
const NODE_CODES: readonly (readonly [RegExp, string])[] = [
  [/connection refused/i, "ECONNREFUSED"],
  [/dns error|failed to lookup address/i, "ENOTFOUND"],
  [/timed out/i, "ETIMEDOUT"],
  [/connection reset|connection closed|broken pipe|unexpected eof/i, "ECONNRESET"],
];

/**
 * Gives a failed `fetch` (a TypeError whose cause says what went wrong) the
 * `code` Node.js would have set, so the SDK retries it as it retries
 * Node.js network errors and error messages read the same on both paths.
 * Other errors are returned unchanged.
 */
export function withNodeErrorCode(error: unknown): unknown {
  if (!(error instanceof TypeError) || "code" in error) return error;
  const cause = error.cause instanceof Error ? error.cause.message : "";
  const detail = `${error.message} ${cause}`;
  const code = NODE_CODES.find(([pattern]) => pattern.test(detail))?.[1];
  if (code) Object.assign(error, { code });
  return error;
}

/** No response began within `timeoutMs`: named as the SDK names its own time-outs, so that it retries them. */
export function noResponseError(timeoutMs: number): Error {
  const timeout = new Error(`no response within ${timeoutMs / 1000} s`);
  timeout.name = "TimeoutError";
  return timeout;
}

type HandleArguments = Parameters<FetchHttpHandler["handle"]>;

/** Path segments URL parsing removes or resolves (`a/./b` is `a/b`, `a/../b` is `b`). */
const DOT_SEGMENT = /^(\.|%2e){1,2}$/i;

/**
 * True when `fetch` would request another path than `path`: a key such as
 * `reports/./q1.csv` or `..` would fetch another object, or the listing.
 * Percent-encoding does not help (`%2E` is a dot segment to URL parsing).
 */
export function fetchRewritesPath(path: string): boolean {
  return path.split("/").some((segment) => DOT_SEGMENT.test(segment));
}

/**
 * The SDK's fetch handler, with Deno's network errors made to look like
 * Node.js ones, and a time limit that cancels the request. (The handler's
 * own `requestTimeout` only stops waiting: the request stays open, and a
 * process whose endpoint never answers could not exit.)
 */
class DenoFetchHandler extends FetchHttpHandler {
  // Sends, as signed, the paths fetch would rewrite (Node.js's HTTP client sends them verbatim).
  private verbatim?: NodeHttpHandler;

  constructor(readonly timeoutMs: number) {
    super({});
  }

  override async handle(request: HandleArguments[0], options: HandleArguments[1] = {}) {
    if (fetchRewritesPath(request.path)) {
      this.verbatim ??= new NodeHttpHandler({
        connectionTimeout: this.timeoutMs,
        socketTimeout: this.timeoutMs,
      });
      return await this.verbatim.handle(request, options);
    }
    const timeUp = new AbortController();
    const timer = setTimeout(() => timeUp.abort(), this.timeoutMs);
    const caller = options.abortSignal;
    const signal = caller instanceof AbortSignal
      ? AbortSignal.any([caller, timeUp.signal])
      : timeUp.signal;
    try {
      return await super.handle(request, { ...options, abortSignal: signal });
    } catch (error) {
      if (!timeUp.signal.aborted || (caller as AbortSignal | undefined)?.aborted) {
        throw withNodeErrorCode(error);
      }
      throw noResponseError(this.timeoutMs);
    } finally {
      // Only the wait for the response is limited: a large body may take as long as it needs.
      clearTimeout(timer);
    }
  }

  override destroy(): void {
    this.verbatim?.destroy();
    super.destroy();
  }
}

/**
 * A request handler for the SDK that sends requests with `fetch`, giving up
 * (and closing the connection) when no response has begun within
 * `timeoutMs`; the body's own stalls are the reader's to detect.
 */
export function fetchRequestHandler(timeoutMs: number): FetchHttpHandler {
  return new DenoFetchHandler(timeoutMs);
}
