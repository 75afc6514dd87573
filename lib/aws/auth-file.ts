import { externalDataInterceptor, loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";

/** Keys read from an `--auth` file. */
export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Reads credentials from the text of an `--auth` file: the JSON that
 * `create` prints (`AccessKeyId`, `SecretAccessKey`, `SessionToken`) or an
 * AWS credentials INI file, whose first section with `aws_access_key_id`
 * is used. Throws an Error saying what is wrong when no usable key pair is there.
 */
export async function parseAuthText(text: string): Promise<StaticCredentials> {
  const trimmed = text.trim();
  const found = trimmed.startsWith("{") ? fromJson(trimmed) : await fromIni(trimmed);
  if (!found.accessKeyId || !found.secretAccessKey) {
    throw new Error(
      "no credentials found: expected AccessKeyId and SecretAccessKey (JSON) " +
        "or aws_access_key_id and aws_secret_access_key (INI)",
    );
  }
  return {
    accessKeyId: found.accessKeyId,
    secretAccessKey: found.secretAccessKey,
    ...(found.sessionToken ? { sessionToken: found.sessionToken } : {}),
  };
}

function fromJson(text: string): Partial<StaticCredentials> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error("invalid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("JSON must be an object");
  }
  const record = value as Record<string, unknown>;
  const text_ = (key: string) => (typeof record[key] === "string" ? record[key] : undefined);
  return {
    accessKeyId: text_("AccessKeyId"),
    secretAccessKey: text_("SecretAccessKey"),
    sessionToken: text_("SessionToken"),
  };
}

let virtualFiles = 0;

/**
 * `name: value` lines as `name = value`: Python's configparser (which read
 * the reference tool's auth files) splits at the first `=` or `:`, the
 * AWS SDK's parser only at `=`.
 */
function withEqualsSigns(text: string): string {
  return text.replace(/^([ \t]*[^\s=:#;[][^=:\n]*?)[ \t]*:/gm, "$1 =");
}

/**
 * The number of the first line that is neither blank, a comment, a
 * `[section]` nor a `key = value` / `key: value` setting, if any.
 */
function firstMalformedLine(text: string): number | undefined {
  const index = text.split(/\r?\n/).findIndex((line) =>
    !/^\s*([#;].*)?$/.test(line) && !/^\s*\[[^\]]+\]\s*([#;].*)?$/.test(line) &&
    !/^\s*[^\s=:#;[][^=:]*[=:]/.test(line)
  );
  return index < 0 ? undefined : index + 1;
}

async function fromIni(text: string): Promise<Partial<StaticCredentials>> {
  if (!/^\s*\[[^\]]+\]/m.test(text)) throw new Error("not JSON, and no [section] of an INI file");
  const malformed = firstMalformedLine(text);
  // The line is not quoted: it may hold a key.
  if (malformed) throw new Error(`line ${malformed} is neither a [section] nor a key = value line`);
  // The loader parses files by path only; hand it the text under a name no disk holds.
  const path = `/s3-credentials/virtual/auth-${virtualFiles++}`;
  externalDataInterceptor.interceptFile(path, withEqualsSigns(text));
  const { credentialsFile } = await loadSharedConfigFiles({
    filepath: path,
    configFilepath: `${path}-config`,
    ignoreCache: true,
  });
  const lowerKeys = (section: Record<string, string | undefined> = {}) =>
    Object.fromEntries(Object.entries(section).map(([key, value]) => [key.toLowerCase(), value]));
  // As in Python's configparser: [DEFAULT] is no profile; its keys are defaults for all others.
  const defaults = lowerKeys(credentialsFile.DEFAULT);
  for (const [name, section] of Object.entries(credentialsFile)) {
    if (name === "DEFAULT") continue;
    const keys = { ...defaults, ...lowerKeys(section) };
    if (keys.aws_access_key_id) {
      return {
        accessKeyId: keys.aws_access_key_id,
        secretAccessKey: keys.aws_secret_access_key,
        sessionToken: keys.aws_session_token,
      };
    }
  }
  return {};
}
