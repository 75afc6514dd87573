import { CREDENTIALS_FORMATS, type CredentialsFormat } from "../output/credentials.ts";
import { writeAllSync } from "../output/write-all.ts";

/** `-f/--format` of the commands that print new credentials (create, rotate-access-key). */
export interface CredentialsFormatFlags {
  /** Undefined unless given, so that it can conflict with other ways of delivering. */
  readonly format?: CredentialsFormat;
}

export const credentialsFormatFlagParameters = {
  format: {
    kind: "enum",
    values: CREDENTIALS_FORMATS,
    optional: true,
    brief: "Output format: json (the default), ini, env (sh/bash/zsh), dotenv, fish, " +
      "powershell, or process (credential_process)",
  },
} as const;

/** The format of `-f`, json when not given. */
export const credentialsFormatOf = (flags: CredentialsFormatFlags): CredentialsFormat =>
  flags.format ?? "json";

export const credentialsFormatAliases = { f: "format" } as const;

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
