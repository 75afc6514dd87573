const encoder = new TextEncoder();

/** Writes all of `text` to `stream` synchronously: `writeSync` may take only part of it. */
export function writeAllSync(stream: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
}
