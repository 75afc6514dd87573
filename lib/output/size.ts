const UNITS = ["bytes", "KB", "MB", "GB", "TB", "PB"] as const;

/** `value` with one decimal, rounding an exact tie to even as the reference's formatter does. */
function oneDecimal(value: number): string {
  const scaled = value * 10;
  let tenths = Math.floor(scaled);
  const rest = scaled - tenths;
  if (rest > 0.5 || (rest === 0.5 && tenths % 2 === 1)) tenths++;
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/**
 * A byte count as the progress labels show it: divided by 1024 while it is
 * 1024 or more, walking bytes, KB, MB, GB, TB, with PB for anything larger
 * (the reference printed a bare number there), one decimal: `5.0 bytes`,
 * `1.5 KB`, `2048.0 PB`.
 */
export function formatSize(bytes: number): string {
  let value = bytes;
  for (const unit of UNITS.slice(0, -1)) {
    if (value < 1024) return `${oneDecimal(value)} ${unit}`;
    value /= 1024;
  }
  return `${oneDecimal(value)} ${UNITS.at(-1)}`;
}

/** `1 file`, `0 files`, `2 files` (or another noun). */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
