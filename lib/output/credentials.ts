import { formatJson } from "./json.ts";
import { formatTimestamp } from "./time.ts";
import type { AccessKey, SessionCredentials } from "../credentials.ts";

// The types the renderers take, for callers that import them from here.
export type { AccessKey, SessionCredentials };

/** Output format of `create`. */
export type CredentialsFormat = "json" | "ini";

/** An access key as `create` prints it (keys in the reference tool's order). */
export function renderAccessKey(key: AccessKey, format: CredentialsFormat): string {
  if (format === "ini") {
    return iniLines([key.AccessKeyId, key.SecretAccessKey]);
  }
  const printed = {
    UserName: key.UserName,
    AccessKeyId: key.AccessKeyId,
    Status: key.Status,
    SecretAccessKey: key.SecretAccessKey,
    CreateDate: key.CreateDate ? formatTimestamp(key.CreateDate) : undefined,
  };
  return formatJson(printed, 4) + "\n";
}

/** Temporary credentials as `create --duration` prints them. */
export function renderSessionCredentials(
  credentials: SessionCredentials,
  format: CredentialsFormat,
): string {
  if (format === "ini") {
    return iniLines([
      credentials.AccessKeyId,
      credentials.SecretAccessKey,
      credentials.SessionToken,
    ]);
  }
  const printed = {
    AccessKeyId: credentials.AccessKeyId,
    SecretAccessKey: credentials.SecretAccessKey,
    SessionToken: credentials.SessionToken,
    Expiration: formatTimestamp(credentials.Expiration),
  };
  return formatJson(printed, 4) + "\n";
}

const INI_KEYS = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token"];

function iniLines(values: string[]): string {
  return ["[default]", ...values.map((value, i) => `${INI_KEYS[i]}=${value}`)].join("\n") + "\n";
}
