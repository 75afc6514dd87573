import { formatJson } from "./json.ts";
import { formatTimestamp, toPythonJsonValue } from "./time.ts";

/** How listing commands print their items: `--nl`, `--csv`, `--tsv`, or a JSON array. */
export type ListingFormat = "json" | "nl" | "csv" | "tsv";

/** A listed item: a plain object whose key order is the printed order. */
export type Item = Record<string, unknown>;

/**
 * The members of `source` named in `keys`, in that order, leaving out
 * absent ones: AWS responses printed in the reference tool's key order.
 */
export function pickInOrder(source: object, keys: readonly string[]): Item {
  const record = source as Item;
  const picked: Item = {};
  for (const key of keys) {
    if (record[key] !== undefined) picked[key] = record[key];
  }
  return picked;
}

/** `items` as printed rows, each shaped by `shape` as it arrives. */
export async function* rowsOf<T>(
  items: AsyncIterable<T>,
  shape: (item: T) => Item,
): AsyncGenerator<Item> {
  for await (const item of items) yield shape(item);
}

/** One cell of a CSV/TSV row, as the reference writes it (nested values as indented JSON). */
export function formatCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value instanceof Date) return formatTimestamp(value);
  if (typeof value === "object") return formatJson(toPythonJsonValue(value), 2);
  return String(value);
}

function quoteField(text: string, delimiter: string): string {
  if (text.includes(delimiter) || /["\r\n]/.test(text)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

/** One CSV or TSV row (CRLF-terminated) of `item`'s values for `columns`; other keys are left out. */
export function formatRow(item: Item, columns: readonly string[], delimiter: string): string {
  return columns.map((column) => quoteField(formatCell(item[column]), delimiter)).join(delimiter) +
    "\r\n";
}

/** One item of the default JSON array: 2-space JSON, every line indented by 2 more. */
function arrayEntry(item: Item): string {
  return formatJson(toPythonJsonValue(item), 2).replaceAll("\n", "\n  ");
}

/**
 * Writes `items` in `format` as they arrive, holding at most one item back
 * (to know whether a comma follows), so memory stays flat however long the
 * listing. CSV/TSV print the header first, even for no items. Returns the
 * number of items written.
 */
export async function writeListing(
  items: AsyncIterable<Item> | Iterable<Item>,
  format: ListingFormat,
  columns: readonly string[],
  write: (text: string) => void,
): Promise<number> {
  let count = 0;
  if (format === "csv" || format === "tsv") {
    const delimiter = format === "csv" ? "," : "\t";
    write(columns.map((column) => quoteField(column, delimiter)).join(delimiter) + "\r\n");
    for await (const item of items) {
      write(formatRow(item, columns, delimiter));
      count++;
    }
    return count;
  }
  if (format === "nl") {
    for await (const item of items) {
      write(formatJson(toPythonJsonValue(item)) + "\n");
      count++;
    }
    return count;
  }
  for await (const item of items) {
    write(count === 0 ? "[\n  " : ",\n  ");
    write(arrayEntry(item));
    count++;
  }
  write(count === 0 ? "[]\n" : "\n]\n");
  return count;
}
