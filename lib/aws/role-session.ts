// A profile's assumed-role session kept between runs, so that its MFA code is asked once per
// session: the key is every setting that determines the session (no secret), and the cache is
// consulted before the SDK would assume the role, or ask for a code.
import { createHash } from "node:crypto";
import { parseKnownFiles } from "@smithy/shared-ini-file-loader";
import { sharedFilePaths } from "./shared-config.ts";

/** A role session's temporary credentials, as the SDK's providers hand them over. */
export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** A JSON value: what a key is made of. */
export type JsonValue = string | number | boolean | null | JsonValue[] | {
  [name: string]: JsonValue;
};

/** Everything that determines a profile's role session; it holds no secret. */
export type RoleSessionKey = { readonly [name: string]: JsonValue };

/** Where role sessions are kept (files in the user's cache directory, say). */
export interface RoleSessionCache {
  /** The session stored under `key`, unless none, expired, or not to be trusted; never throws. */
  get(key: RoleSessionKey): Promise<SessionCredentials | undefined>;
  /** Keeps `credentials` under `key`; never throws (the cache reports its own failures). */
  put(key: RoleSessionKey, credentials: SessionCredentials): Promise<void>;
}

/** What a run adds to a profile's settings: where its AssumeRole goes, in which region. */
export interface SessionScope {
  readonly region: string;
  /** The STS endpoint of the run; undefined for AWS's own. */
  readonly stsEndpoint?: string;
}

type Section = Record<string, string | undefined>;

/** The settings of a profile that decide whose credentials it gives (never a secret). */
const IDENTITY_SETTINGS = [
  "role_arn",
  "credential_source",
  "mfa_serial",
  "external_id",
  "role_session_name",
  "duration_seconds",
  "aws_access_key_id",
  "web_identity_token_file",
  "sso_session",
  "sso_start_url",
  "sso_account_id",
  "sso_role_name",
] as const;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** JSON with the keys of every object sorted, so that equal keys are equal text. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const names = Object.keys(value).sort();
    return `{${names.map((name) => `${JSON.stringify(name)}:${canonicalJson(value[name])}`)}}`;
  }
  return JSON.stringify(value);
}

/** The sha256 (hex) of a key's canonical JSON: the name its session is stored under. */
export function roleSessionHash(key: RoleSessionKey): string {
  return sha256(canonicalJson(key));
}

/** Where the credentials of a credential_source come from, when the environment says. */
function credentialSourceIdentity(source: string, env: (name: string) => string | undefined) {
  if (source === "Environment") return env("AWS_ACCESS_KEY_ID") ?? null;
  if (source === "EcsContainer") {
    return env("AWS_CONTAINER_CREDENTIALS_FULL_URI") ??
      env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") ?? null;
  }
  return null;
}

/** Profile `name` as far as it decides its credentials, its source_profile described within. */
function describeProfile(
  name: string,
  profiles: Record<string, Section>,
  env: (name: string) => string | undefined,
  seen: readonly string[],
): JsonValue {
  const section = profiles[name];
  if (!section) return { profile: name, missing: true };
  const described: { [name: string]: JsonValue } = { profile: name };
  for (const setting of IDENTITY_SETTINGS) described[setting] = section[setting] ?? null;
  // Its arguments may hold secrets: only their hash is kept.
  described.credential_process = section.credential_process
    ? sha256(section.credential_process)
    : null;
  if (section.credential_source) {
    described.credential_source_identity = credentialSourceIdentity(
      section.credential_source,
      env,
    );
  }
  const source = section.source_profile;
  described.source_profile = source === undefined
    ? null
    : seen.includes(source)
    ? { profile: source, loop: true }
    : describeProfile(source, profiles, env, [...seen, name]);
  return described;
}

/** The key of `profile`'s role session, or undefined when it assumes no role from a source. */
export function roleSessionKey(
  profile: string,
  profiles: Record<string, Section>,
  scope: SessionScope,
  env: (name: string) => string | undefined,
): RoleSessionKey | undefined {
  const section = profiles[profile];
  if (!section?.role_arn || !(section.source_profile || section.credential_source)) {
    return undefined;
  }
  return {
    version: 1,
    session: describeProfile(profile, profiles, env, []),
    sts_endpoint: scope.stsEndpoint ?? null,
    region: scope.region,
  };
}

/** How the run keeps role sessions: the cache and the scope of the run's AssumeRole. */
export interface RoleSessionSettings {
  readonly cache: RoleSessionCache;
  readonly scope: SessionScope;
}

/**
 * The credentials of `profile`: its cached role session while it is valid for more than
 * `marginMs`, else those of `resolve` (which assumes the role, asking for an MFA code
 * if need be), then kept in the cache. Profiles that assume no role go to `resolve` alone.
 */
export async function throughRoleSessionCache<C extends SessionCredentials>(
  settings: RoleSessionSettings | undefined,
  profile: string,
  marginMs: number,
  resolve: () => Promise<C>,
): Promise<C | SessionCredentials> {
  if (!settings) return await resolve();
  const paths = sharedFilePaths();
  let key: RoleSessionKey | undefined;
  try {
    const profiles = await parseKnownFiles({
      filepath: paths.credentials,
      configFilepath: paths.config,
    });
    key = roleSessionKey(profile, profiles, settings.scope, (name) => Deno.env.get(name));
  } catch {
    // Unreadable files are reported when the SDK reads them.
  }
  if (!key) return await resolve();
  const cached = await settings.cache.get(key);
  const expiry = cached?.expiration?.getTime();
  if (cached && expiry !== undefined && expiry - Date.now() >= marginMs) return cached;
  const credentials = await resolve();
  if (credentials.expiration) await settings.cache.put(key, credentials);
  return credentials;
}
