// Which failures of one download end a get-objects run, and how the others
// are named at its end.
import { httpStatusOf } from "../aws/service-errors.ts";
import { describeError } from "../error-line.ts";

/** Service errors that every other key would meet too: the bucket or the credentials. */
const RUN_WIDE_CODES = new Set([
  "NoSuchBucket",
  "PermanentRedirect",
  "AuthorizationHeaderMalformed",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "InvalidToken",
  "TokenRefreshRequired",
  "AccountProblem",
  "AllAccessDisabled",
  "CredentialsProviderError",
]);

/** Network failures that mean the endpoint cannot be reached at all. */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * True when `error`, met while downloading one key, should stop the whole
 * run: a missing bucket, bad or missing credentials, or an endpoint that
 * cannot be reached or does not answer. Other failures (a missing or
 * forbidden object, a local file that cannot be written, a stalled body)
 * belong to their key alone.
 */
export function stopsDownloads(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { code?: string; Code?: unknown; cause?: { code?: string } };
  const serviceCode = typeof e.Code === "string" ? e.Code : e.name;
  if (RUN_WIDE_CODES.has(serviceCode) || RUN_WIDE_CODES.has(e.name)) return true;
  if (/Could not load credentials|Region is missing/.test(e.message)) return true;
  if (e.name === "TimeoutError") return true;
  return UNREACHABLE_CODES.has(e.code ?? e.cause?.code ?? "");
}

/** The end-of-run line for a key whose download failed on its own. */
export function downloadFailureLine(key: string, error: unknown): string {
  const status = httpStatusOf(error);
  if (status === 404) return `Not found: ${key}`;
  return `Failed: ${key} (${describeError(error)})`;
}
