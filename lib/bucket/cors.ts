/**
 * The CORS rule `set-cors-policy` writes, built from its flags. Pure: no I/O.
 *
 * @module
 */

/** The ID of the one rule `set-cors-policy` writes (the reference tool's). */
export const CORS_RULE_ID = "set-by-s3-credentials";

/** The methods S3 accepts in a CORS rule. */
export const CORS_METHODS = ["GET", "PUT", "HEAD", "POST", "DELETE"] as const;

/** Key order of a CORS rule as the Python tool prints it. */
export const CORS_RULE_KEYS = [
  "ID",
  "AllowedHeaders",
  "AllowedMethods",
  "AllowedOrigins",
  "ExposeHeaders",
  "MaxAgeSeconds",
] as const;

/** What `set-cors-policy`'s flags ask for; absent lists take the defaults. */
export interface CorsRequest {
  readonly allowedMethods?: readonly string[];
  readonly allowedHeaders?: readonly string[];
  readonly allowedOrigins?: readonly string[];
  readonly exposeHeaders?: readonly string[];
  readonly maxAgeSeconds?: number;
}

/** One S3 CORS rule. */
export interface CorsRule {
  ID: string;
  AllowedHeaders: string[];
  AllowedMethods: string[];
  AllowedOrigins: string[];
  ExposeHeaders: string[];
  MaxAgeSeconds?: number;
}

/**
 * The rule for `request`: GET from any origin unless methods or origins are
 * given, no headers unless given. `MaxAgeSeconds` is kept whenever given,
 * 0 included (the reference tool dropped 0).
 */
export function corsRule(request: CorsRequest): CorsRule {
  const rule: CorsRule = {
    ID: CORS_RULE_ID,
    AllowedHeaders: [...request.allowedHeaders ?? []],
    AllowedMethods: request.allowedMethods?.length ? [...request.allowedMethods] : ["GET"],
    AllowedOrigins: request.allowedOrigins?.length ? [...request.allowedOrigins] : ["*"],
    ExposeHeaders: [...request.exposeHeaders ?? []],
  };
  if (request.maxAgeSeconds !== undefined) rule.MaxAgeSeconds = request.maxAgeSeconds;
  return rule;
}

/**
 * Parses one `--allowed-method` value: one of S3's CORS methods, in any
 * case (sent upper-case).
 *
 * @throws {Error} For any other method.
 */
export function parseCorsMethod(value: string): string {
  const method = value.trim().toUpperCase();
  if (!(CORS_METHODS as readonly string[]).includes(method)) {
    throw new Error(`'${value}' is not one of ${CORS_METHODS.map((m) => `'${m}'`).join(", ")}`);
  }
  return method;
}

/**
 * Parses `--max-age-seconds`: a whole number of seconds, 0 to 2147483647.
 *
 * @throws {Error} For anything else.
 */
export function parseMaxAgeSeconds(value: string): number {
  const text = value.trim();
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`'${value}' is not a valid integer`);
  const seconds = Number(text);
  if (seconds < 0) throw new Error("must be 0 or more");
  // S3 stores the value as a 32-bit integer.
  if (seconds > 2 ** 31 - 1) throw new Error(`'${value}' is too large`);
  return seconds;
}
