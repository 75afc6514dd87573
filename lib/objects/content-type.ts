import mime from "mime";

/**
 * The Content-Type for a local file, guessed from its extension
 * (`.txt` → `text/plain`), or undefined when the extension is unknown (S3
 * then stores `binary/octet-stream`).
 */
export function contentTypeFor(path: string): string | undefined {
  return mime.getType(path) ?? undefined;
}
