// `-f/--format` of the commands that print new credentials (create, rotate-access-key).
import { CREDENTIALS_FORMATS, type CredentialsFormat } from "../../output/credentials.ts";

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
