/**
 * Reproduces Python's textual forms of aware UTC datetimes and prepares values for
 * `formatJson`. Pure: no I/O.
 *
 * @module
 */

import { isPlainObject } from "./json.ts";

/** `n` in decimal with leading zeros up to `width` digits (`zeroPadded(7)` is `07`). */
export function zeroPadded(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function format(date: Date, separator: string): string {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError("Invalid Date");
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) throw new RangeError(`Year ${year} is out of range 1..9999`);
  const ms = date.getUTCMilliseconds();
  return zeroPadded(year, 4) + "-" + zeroPadded(date.getUTCMonth() + 1) + "-" +
    zeroPadded(date.getUTCDate()) + separator + zeroPadded(date.getUTCHours()) + ":" +
    zeroPadded(date.getUTCMinutes()) + ":" + zeroPadded(date.getUTCSeconds()) +
    (ms === 0 ? "" : "." + zeroPadded(ms * 1000, 6)) + "+00:00";
}

/**
 * Formats a date like Python's `str(datetime)` for an aware UTC datetime:
 * `YYYY-MM-DD HH:MM:SS+00:00`, with `.ffffff` before the offset only when the
 * milliseconds are non-zero (e.g. `2026-11-28 00:07:20.280000+00:00`).
 *
 * @param date The instant to format (read in UTC).
 * @returns The formatted timestamp.
 * @throws {RangeError} For an invalid date or a year outside Python's 1..9999.
 */
export function formatTimestamp(date: Date): string {
  return format(date, " ");
}

/**
 * Formats a date like Python's `datetime.isoformat()` for an aware UTC datetime:
 * `YYYY-MM-DDTHH:MM:SS+00:00`, with `.ffffff` only when the milliseconds are non-zero.
 *
 * @param date The instant to format (read in UTC).
 * @returns The formatted timestamp.
 * @throws {RangeError} For an invalid date or a year outside Python's 1..9999.
 */
export function formatIsoTimestamp(date: Date): string {
  return format(date, "T");
}

/**
 * Deep-converts a value for printing with `formatJson`: every `Date` becomes
 * `formatTimestamp(date)`, arrays and plain objects are copied recursively with
 * `undefined` object members dropped, and everything else is returned unchanged.
 *
 * @param value The value to convert; it is not modified.
 * @returns The converted value.
 */
export function toPythonJsonValue(value: unknown): unknown {
  if (value instanceof Date) return formatTimestamp(value);
  if (Array.isArray(value)) return value.map(toPythonJsonValue);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) out[key] = toPythonJsonValue(member);
    }
    return out;
  }
  return value;
}
