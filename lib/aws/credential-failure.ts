// Why no credentials came from a profile or the default chain, in one line that names the
// profile, the source that failed and what to run; the SDK's own messages are often generic.
import { getSSOTokenFilepath } from "@smithy/shared-ini-file-loader";

/** A profile section as the SDK parses it. */
export type Section = Record<string, string | undefined>;
/** Every profile of the shared files, by name (config and credentials merged). */
export type Profiles = Record<string, Section>;

/** Credentials could not be had; `message` is the whole line for the user. */
export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialsError";
  }
}

/** What the description needs besides the error: where the files are, what they hold. */
export interface FailureContext {
  /** The profile asked for (--profile or AWS_PROFILE); undefined for the default chain. */
  readonly profile?: string;
  readonly profiles: Profiles;
  /** SSO sessions (`[sso-session NAME]`) by name. */
  readonly ssoSessions: Profiles;
  readonly paths: { config: string; credentials: string };
  readonly env: (name: string) => string | undefined;
}

/** The settings that make a profile a source of credentials. */
export const CREDENTIAL_SETTINGS = [
  "aws_access_key_id",
  "role_arn",
  "sso_session",
  "sso_start_url",
  "credential_process",
  "web_identity_token_file",
] as const;

/** True when `section` names some source of credentials (keys, role, SSO, process, token). */
export function hasCredentialSettings(section: Section | undefined): boolean {
  return CREDENTIAL_SETTINGS.some((key) => section?.[key] !== undefined) ||
    section?.credential_source !== undefined || section?.sso_account_id !== undefined;
}

/** `top`, then each profile its source_profile leads to, until a loop or a missing one. */
function sourceChain(top: string, profiles: Profiles): string[] {
  const chain = [top];
  for (let next = profiles[top]?.source_profile; next && !chain.includes(next);) {
    chain.push(next);
    next = profiles[next]?.source_profile;
  }
  return chain;
}

/** `profile 'name'`, and which profile it is the source of when it is not the one asked for. */
function named(name: string, top: string): string {
  return name === top ? `profile '${name}'` : `profile '${name}' (source of profile '${top}')`;
}

const firstLine = (text: string) => text.trim().split("\n")[0].trim();

/** The program of a credential_process command line (its arguments may hold secrets). */
function programOf(commandLine: string): string {
  const first = commandLine.trim().match(/^"([^"]*)"|^'([^']*)'|^\S+/);
  return first ? first[1] ?? first[2] ?? first[0] : commandLine;
}

async function ssoFailure(name: string, top: string, section: Section): Promise<string> {
  const session = section.sso_session;
  const key = session ?? section.sso_start_url ?? "";
  const what = session ? `SSO session '${session}'` : `SSO start URL ${key}`;
  const remedy = `run aws sso login --profile ${name}`;
  let expiresAt: string | undefined;
  try {
    expiresAt = JSON.parse(await Deno.readTextFile(getSSOTokenFilepath(key))).expiresAt;
  } catch {
    return `${named(name, top)} has no SSO login for its ${what}: ${remedy}`;
  }
  const expiry = Date.parse(expiresAt ?? "");
  if (!(expiry > Date.now())) {
    const when = Number.isNaN(expiry) ? "" : ` at ${new Date(expiry).toISOString()}`;
    return `the SSO login of ${named(name, top)} for its ${what} expired${when}: ${remedy}`;
  }
  return "";
}

function processFailure(name: string, top: string, commandLine: string, message: string) {
  const who = `the credential_process '${programOf(commandLine)}' of ${named(name, top)}`;
  if (message.startsWith("Command failed:")) {
    // Only its error output: the command line may carry secrets, and stdout may hold credentials.
    const stderr = message.split("\n").slice(1).map((line) => line.trim()).filter(Boolean);
    return stderr.length > 0 ? `${who} failed: ${stderr[0]}` : `${who} failed`;
  }
  if (/invalid JSON/.test(message)) return `${who} did not print credentials as JSON`;
  if (/Version 1/.test(message)) return `${who} did not print "Version": 1`;
  if (/expired credentials/.test(message)) return `${who} printed expired credentials`;
  if (/invalid credentials/.test(message)) {
    return `${who} printed no AccessKeyId and SecretAccessKey`;
  }
  if (/^Requires (run|env) access/.test(message)) {
    return `${who} cannot be run under these Deno permissions (it needs --allow-run and --allow-env)`;
  }
  return `${who} failed: ${firstLine(message)}`;
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "it is a directory",
};

/**
 * One line for a failure to get credentials, or undefined when the error is
 * an AWS call's own (AssumeRole refused or unreachable), which reads best as it is.
 * `nothingFound`: every source of the chain was tried and none had credentials.
 */
export async function describeCredentialFailure(
  error: unknown,
  context: FailureContext,
): Promise<string | undefined> {
  if (!(error instanceof Error)) return undefined;
  const tagged = error as Error & { $metadata?: unknown; $operation?: string };
  if (tagged.$metadata || tagged.$operation) return undefined;
  const { profiles, paths } = context;
  const top = context.profile ?? context.env("AWS_PROFILE") ?? "default";
  const chain = sourceChain(top, profiles);
  const message = error.message;

  const mfa = /^Profile (\S+) requires multi-factor authentication/.exec(message);
  if (mfa) {
    const serial = profiles[mfa[1]]?.mfa_serial;
    return `${named(mfa[1], top)} needs an MFA code for ${serial}: run on a terminal to be ` +
      "asked for it, or pass --mfa-code CODE";
  }

  const ssoProfile = chain.find((name) =>
    profiles[name]?.sso_session !== undefined || profiles[name]?.sso_start_url !== undefined
  );
  const session = ssoProfile ? profiles[ssoProfile].sso_session : undefined;
  // The SDK stumbles on a missing session with a TypeError of its own.
  if (ssoProfile && session && !context.ssoSessions[session]) {
    return `${named(ssoProfile, top)} names SSO session '${session}', but ${paths.config} ` +
      `has no [sso-session ${session}] section`;
  }
  if (ssoProfile && /\bSSO\b/.test(message)) {
    const section = profiles[ssoProfile];
    const token = await ssoFailure(ssoProfile, top, section);
    return token || `${named(ssoProfile, top)}: SSO failed: ${firstLine(message)}`;
  }

  const processProfile = chain.find((name) => profiles[name]?.credential_process !== undefined);
  if (
    processProfile && /credential_process|^Command failed:|^Requires (run|env) access/.test(message)
  ) {
    return processFailure(
      processProfile,
      top,
      profiles[processProfile].credential_process!,
      message,
    );
  }

  const code = (error as { code?: string }).code;
  const tokenProfile = chain.find((name) => profiles[name]?.web_identity_token_file);
  const tokenFile = tokenProfile
    ? profiles[tokenProfile].web_identity_token_file
    : context.env("AWS_WEB_IDENTITY_TOKEN_FILE");
  const unreadable = code && FILE_ERRORS[code] ? FILE_ERRORS[code] : undefined;
  if (
    tokenFile && (unreadable || error.name === "NotCapable" || error.name === "PermissionDenied")
  ) {
    const whose = tokenProfile
      ? `web_identity_token_file of ${named(tokenProfile, top)}`
      : "AWS_WEB_IDENTITY_TOKEN_FILE";
    return `cannot read the web identity token file '${tokenFile}' (${whose}): ` +
      (unreadable ?? "Deno needs --allow-read for it");
  }

  const missing = /^Could not resolve credentials using profile: \[([^\]]*)\]/.exec(message);
  if (missing) {
    const name = missing[1];
    const referrer = chain.find((p) => profiles[p]?.source_profile === name);
    if (referrer && !profiles[name]) {
      return `${named(referrer, top)} names source_profile '${name}', which is in neither ` +
        `${paths.config} nor ${paths.credentials}`;
    }
    return `${named(name, top)} has no credentials: it sets none of ` +
      `${CREDENTIAL_SETTINGS.join(", ")}`;
  }
  if (/Detected a cycle/.test(message)) {
    return `profile '${top}': its source_profile settings loop (${chain.join(" -> ")})`;
  }
  // Some other reason, in the SDK's words; the default chain's end is said by nothingFound.
  if (context.profile !== undefined && error.name === "CredentialsProviderError") {
    return `profile '${top}' gave no credentials: ${firstLine(message)}`;
  }
  return undefined;
}

/** The line for the default chain finding nothing: where it looked, and what to pass. */
export function nothingFound(context: FailureContext): string {
  const places = [
    "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
    `profile 'default' of ${context.paths.credentials} and ${context.paths.config}`,
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  ];
  const imds = context.env("AWS_EC2_METADATA_DISABLED");
  if (!imds || imds.toLowerCase() === "false") places.push("the EC2 instance metadata");
  const last = places.pop();
  return `no AWS credentials found: looked at ${places.join(", ")} and ${last}; pass ` +
    "--access-key and --secret-key, --auth FILE or --profile NAME";
}
