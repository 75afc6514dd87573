import { formatJson } from "./json.ts";
import { formatIsoTimestamp, formatTimestamp } from "./time.ts";
import type { AccessKey, SessionCredentials } from "../credentials.ts";

/** The output formats of new credentials (`create`, and any command that hands out keys). */
export const CREDENTIALS_FORMATS = [
  "json",
  "ini",
  "env",
  "dotenv",
  "fish",
  "powershell",
  "process",
] as const;

/** Output format of `create`. */
export type CredentialsFormat = typeof CREDENTIALS_FORMATS[number];

/** What the shell and process formats carry beside the keys. */
export interface RenderOptions {
  /** Written as AWS_ENDPOINT_URL by the shell formats when the user gave an endpoint. */
  endpointUrl?: string;
}

/** Keys in the shape every non-JSON format is made from. */
interface Exported {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** An access key as `create` prints it (keys in the reference tool's order). */
export function renderAccessKey(
  key: AccessKey,
  format: CredentialsFormat,
  options: RenderOptions = {},
): string {
  if (format === "json") {
    const printed = {
      UserName: key.UserName,
      AccessKeyId: key.AccessKeyId,
      Status: key.Status,
      SecretAccessKey: key.SecretAccessKey,
      CreateDate: key.CreateDate ? formatTimestamp(key.CreateDate) : undefined,
    };
    return formatJson(printed, 4) + "\n";
  }
  return renderExported(
    { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey },
    format,
    options,
  );
}

/** Temporary credentials as `create --duration` prints them. */
export function renderSessionCredentials(
  credentials: SessionCredentials,
  format: CredentialsFormat,
  options: RenderOptions = {},
): string {
  if (format === "json") {
    const printed = {
      AccessKeyId: credentials.AccessKeyId,
      SecretAccessKey: credentials.SecretAccessKey,
      SessionToken: credentials.SessionToken,
      Expiration: formatTimestamp(credentials.Expiration),
    };
    return formatJson(printed, 4) + "\n";
  }
  return renderExported(
    {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration,
    },
    format,
    options,
  );
}

/**
 * The `credential_process` document (Version 1; SessionToken and Expiration
 * only for temporary credentials, so an SDK never refreshes a permanent key).
 */
export function credentialProcessDocument(keys: Exported): Record<string, unknown> {
  return {
    Version: 1,
    AccessKeyId: keys.accessKeyId,
    SecretAccessKey: keys.secretAccessKey,
    ...(keys.sessionToken ? { SessionToken: keys.sessionToken } : {}),
    ...(keys.expiration ? { Expiration: formatIsoTimestamp(keys.expiration) } : {}),
  };
}

function renderExported(
  keys: Exported,
  format: Exclude<CredentialsFormat, "json">,
  options: RenderOptions,
): string {
  switch (format) {
    case "ini":
      return iniLines(keys);
    case "process":
      return formatJson(credentialProcessDocument(keys), 2) + "\n";
    default:
      return environmentOf(keys, options).map(([name, value]) => SHELL_LINE[format](name, value))
        .join("\n") + "\n";
  }
}

/** The environment variables every AWS SDK reads, in a stable order. */
export function environmentOf(keys: Exported, options: RenderOptions = {}): [string, string][] {
  const variables: [string, string | undefined][] = [
    ["AWS_ACCESS_KEY_ID", keys.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", keys.secretAccessKey],
    ["AWS_SESSION_TOKEN", keys.sessionToken],
    ["AWS_CREDENTIAL_EXPIRATION", keys.expiration && formatIsoTimestamp(keys.expiration)],
    ["AWS_ENDPOINT_URL", options.endpointUrl],
  ];
  return variables.filter((pair): pair is [string, string] => pair[1] !== undefined);
}

/** POSIX shells: inside single quotes nothing is special; a quote is closed, escaped, reopened. */
export function posixQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** fish: inside single quotes only `\'` and `\\` are escapes. */
export function fishQuote(value: string): string {
  return `'${value.replace(/[\\']/g, "\\$&")}'`;
}

/** PowerShell: inside single quotes a quote (including the typographic ones) is doubled. */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, "$&$&")}'`;
}

/** .env files (python-dotenv, Docker Compose): single quotes, `\'` and `\\` escaped. */
export function dotenvQuote(value: string): string {
  return `'${value.replace(/[\\']/g, "\\$&")}'`;
}

const SHELL_LINE: Record<
  "env" | "dotenv" | "fish" | "powershell",
  (name: string, value: string) => string
> = {
  env: (name, value) => `export ${name}=${posixQuote(value)}`,
  dotenv: (name, value) => `${name}=${dotenvQuote(value)}`,
  fish: (name, value) => `set -gx ${name} ${fishQuote(value)}`,
  powershell: (name, value) => `$Env:${name} = ${powershellQuote(value)}`,
};

const INI_KEYS = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token"];

function iniLines(keys: Exported): string {
  const values = [keys.accessKeyId, keys.secretAccessKey, keys.sessionToken].filter(
    (value): value is string => value !== undefined,
  );
  return ["[default]", ...values.map((value, i) => `${INI_KEYS[i]}=${value}`)].join("\n") + "\n";
}
