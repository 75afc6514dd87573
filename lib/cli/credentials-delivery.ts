import { CREDENTIALS_FORMATS, type CredentialsFormat } from "../output/credentials.ts";

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

// Credentials are written straight to the process's standard output, synchronously, so a
// failed write is known at once: what could not be delivered must be taken back.

function writeAllSync(stream: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = new TextEncoder().encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
}

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
    writeAllSync(Deno.stdout, text);
    return undefined;
  } catch (error) {
    return `the credentials could not be written (${failureReason(error)})`;
  }
}
