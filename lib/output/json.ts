/**
 * Byte-exact reproduction of Python's `json.dumps(value, indent=indent)` with the default
 * `ensure_ascii=True`. Pure: no I/O.
 *
 * JavaScript numbers do not carry Python's int/float distinction, so every integral number
 * (including `-0` and huge values like `1e22`) is printed as a Python int would be, and only
 * non-integral numbers follow Python's `repr(float)` rules.
 *
 * @module
 */

// Python's ESCAPE_ASCII is `([\\"]|[^\ -~])`: everything outside 0x20-0x7E, DEL included.
// Without the `u` flag the class matches UTF-16 code units, so astral characters come out
// as surrogate pairs and lone surrogates as themselves, exactly as in Python.
const NEEDS_ESCAPE = /[\\"]|[^ -~]/;
const ESCAPE_ALL = /[\\"]|[^ -~]/g;
const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

function escapeChar(ch: string): string {
  return SHORT_ESCAPES[ch] ?? "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0");
}

/**
 * Quotes a string the way Python's `json.dumps` does with `ensure_ascii=True`.
 *
 * @param s The string to encode.
 * @returns The JSON string literal, including the surrounding double quotes.
 */
export function quoteString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? '"' + s.replace(ESCAPE_ALL, escapeChar) + '"' : '"' + s + '"';
}

/**
 * Formats a number as Python's json module prints it: integral values as a Python int,
 * other finite values as `repr(float)`, and `NaN`, `Infinity`, `-Infinity` literally.
 *
 * @param n The number to format.
 * @returns The textual representation.
 */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  if (Number.isInteger(n)) {
    // `-0` prints as `0`: JSON "-0" parses to int 0 in Python. Beyond 2**53 String() would
    // switch to exponent form at 1e21, whereas a Python int prints every digit.
    return Number.isSafeInteger(n) ? String(n === 0 ? 0 : n) : BigInt(n).toString();
  }
  // Both languages pick the shortest round-trip digits; only the notation differs. A
  // non-integral double is below 2**52, so Python's "exponent >= 16" case never arises here.
  if (Math.abs(n) >= 1e-4) return String(n);
  const [mantissa, exponent] = n.toExponential().split("e");
  const sign = exponent[0] === "-" ? "-" : "+";
  return mantissa + "e" + sign + exponent.replace(/^[-+]/, "").padStart(2, "0");
}

/** True for `{...}` objects (not arrays, dates or class instances): what JSON writes as an object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Serialises a JSON value exactly like Python's `json.dumps(value, indent=indent)`.
 *
 * Without `indent` the output is compact with `", "` and `": "` separators; with `indent`
 * each item goes on its own line indented by `indent` spaces per level, with `","` at line
 * ends. Object members whose value is `undefined` are omitted; `undefined` array items
 * become `null`.
 *
 * @param value A plain JSON value (null, boolean, number, string, array, plain object).
 * @param indent Spaces per nesting level, or `undefined` for the compact form.
 * @returns The serialised text (no trailing newline).
 * @throws {TypeError} For anything else (Date, Map, bigint, function, symbol, class
 *   instances, a top-level `undefined`) and for circular references.
 */
export function formatJson(value: unknown, indent?: number): string {
  const parts: string[] = [];
  const seen = new Set<object>();
  const pad = indent === undefined ? undefined : " ".repeat(Math.max(0, indent));
  // Line break plus indentation for items at `depth`; empty in compact mode.
  const nl = (depth: number): string => pad === undefined ? "" : "\n" + pad.repeat(depth);
  const itemSep = pad === undefined ? ", " : ",";

  const write = (v: unknown, depth: number): void => {
    if (v === null || v === undefined) parts.push("null");
    else if (v === true) parts.push("true");
    else if (v === false) parts.push("false");
    else if (typeof v === "string") parts.push(quoteString(v));
    else if (typeof v === "number") parts.push(formatNumber(v));
    else if (typeof v === "object" && (Array.isArray(v) || isPlainObject(v))) {
      if (seen.has(v)) throw new TypeError("formatJson: circular reference detected");
      seen.add(v);
      if (Array.isArray(v)) writeArray(v, depth);
      else writeObject(v, depth);
      seen.delete(v);
    } else {
      const kind = typeof v === "object" ? v.constructor?.name ?? "object" : typeof v;
      throw new TypeError(`formatJson: value of type ${kind} is not JSON serializable`);
    }
  };

  const writeArray = (items: unknown[], depth: number): void => {
    if (items.length === 0) return void parts.push("[]");
    for (let i = 0; i < items.length; i++) {
      parts.push(i === 0 ? "[" : itemSep, nl(depth + 1));
      write(items[i], depth + 1);
    }
    parts.push(nl(depth), "]");
  };

  const writeObject = (obj: Record<string, unknown>, depth: number): void => {
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
    if (keys.length === 0) return void parts.push("{}");
    keys.forEach((key, i) => {
      parts.push(i === 0 ? "{" : itemSep, nl(depth + 1), quoteString(key), ": ");
      write(obj[key], depth + 1);
    });
    parts.push(nl(depth), "}");
  };

  if (value === undefined) throw new TypeError("formatJson: top-level value is undefined");
  write(value, 0);
  return parts.join("");
}
