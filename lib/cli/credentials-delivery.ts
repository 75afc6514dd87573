// Handing new credentials to the user: written at once, or the reason they could not be.
import { writeAllSync } from "../output/write-all.ts";

/** `No space left on device` for Deno's `No space left on device (os error 28)`. */
export function failureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\(os error \d+\)$/, "") || "unknown error";
}

/**
 * Writes `text` (rendered credentials) to standard output. Returns undefined
 * once written, else the clause for the error: `the credentials could not be written (...)`.
 */
export function deliverCredentials(text: string): string | undefined {
  try {
    // Synchronously, so a failed write is known at once: what was not delivered is taken back.
    writeAllSync(Deno.stdout, text);
    return undefined;
  } catch (error) {
    return `the credentials could not be written (${failureReason(error)})`;
  }
}
