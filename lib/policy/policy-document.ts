/**
 * IAM returns policy documents URL-encoded (RFC 3986). Pure: no I/O.
 *
 * @module
 */

const utf8 = new TextDecoder();

/**
 * Percent-decodes `text` the way Python's `urllib.parse.unquote` does: each
 * run of `%XX` escapes is decoded as UTF-8 (invalid bytes become U+FFFD), a
 * `%` not followed by two hex digits stays as it is, and `+` stays a `+`.
 * Unlike `decodeURIComponent` it never throws.
 */
export function percentDecode(text: string): string {
  return text.replace(
    /(?:%[0-9A-Fa-f]{2})+/g,
    (run) => utf8.decode(Uint8Array.from(run.match(/%../g)!, (hex) => parseInt(hex.slice(1), 16))),
  );
}

/**
 * The policy document IAM returned, as a value to print: URL-decoded and
 * parsed as JSON (its own key order kept), or the raw string when it is not
 * JSON, as the Python tool prints them. Documents that arrive already decoded parse the same way.
 *
 * @param encoded The `PolicyDocument` / `Document` / `AssumeRolePolicyDocument` string.
 * @returns The parsed document, or `encoded` unchanged.
 */
export function decodePolicyDocument(encoded: string): unknown {
  try {
    return JSON.parse(percentDecode(encoded));
  } catch {
    return encoded;
  }
}
