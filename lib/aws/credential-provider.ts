// The credentials every client of a run shares when no keys were given: the profile's (role,
// MFA, SSO, credential_process, web identity), else the SDK's default chain. Resolved once for
// all clients, roles assumed at the run's STS endpoint, failures described in one line.
import { loadSsoSessionData, parseKnownFiles } from "@smithy/shared-ini-file-loader";
import type {
  AssumeRoleCommandInput,
  AssumeRoleWithWebIdentityCommandInput,
} from "@aws-sdk/client-sts";
import {
  CredentialsError,
  describeCredentialFailure,
  type FailureContext,
  hasCredentialSettings,
  nothingFound,
} from "./credential-failure.ts";
import { type RoleSessionSettings, throughRoleSessionCache } from "./role-session.ts";
import { sharedFilePaths } from "./shared-config.ts";

/** Credentials as the SDK's providers hand them over. */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** What a client's `credentials` setting accepts. */
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

/** Answers a profile's `mfa_serial` with a code (asked on the terminal, say). */
export type MfaCodeProvider = (serial: string) => Promise<string>;

/** How the run reaches STS and gets an MFA code; the STS client is made by the caller. */
export interface CredentialSettings {
  /** --profile; AWS_PROFILE is read here when it is not given. */
  readonly profile?: string;
  /** The MFA code provider, or undefined when there is no way to get one. */
  readonly mfaCode?: MfaCodeProvider;
  /** Runs AssumeRole with `source` credentials where the run's STS calls go. */
  readonly assumeRole: (
    source: AwsCredentialIdentity,
    params: AssumeRoleCommandInput,
  ) => Promise<AwsCredentialIdentity>;
  /** Runs AssumeRoleWithWebIdentity where the run's STS calls go. */
  readonly assumeRoleWithWebIdentity?: (
    params: AssumeRoleWithWebIdentityCommandInput,
  ) => Promise<AwsCredentialIdentity>;
  readonly logger: unknown;
  /** Settings for the clients the SDK's providers make themselves (the SSO portal's). */
  readonly clientConfig?: object;
  /** Where a profile's role sessions are kept between runs; undefined: not kept (--no-cache). */
  readonly roleSessions?: RoleSessionSettings;
}

/** Credentials within this of their expiry are fetched again (the SDK asks again then too). */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** One resolution shared by every caller until the credentials near their expiry. */
function shared(provider: () => Promise<AwsCredentialIdentity>): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let expiresAt = Infinity;
  return () => {
    if (!pending || expiresAt - Date.now() < REFRESH_MARGIN_MS) {
      expiresAt = Infinity;
      const attempt = provider().then((credentials) => {
        expiresAt = credentials.expiration?.getTime() ?? Infinity;
        return credentials;
      });
      // A failure is not kept: the next request asks again (a long-running localserver).
      attempt.catch(() => {
        if (pending === attempt) pending = undefined;
      });
      pending = attempt;
    }
    return pending;
  };
}

async function failureContext(profile: string | undefined): Promise<FailureContext> {
  const paths = sharedFilePaths();
  const init = { filepath: paths.credentials, configFilepath: paths.config };
  let profiles: FailureContext["profiles"] = {};
  let ssoSessions: FailureContext["ssoSessions"] = {};
  try {
    profiles = await parseKnownFiles(init);
    ssoSessions = await loadSsoSessionData(init);
  } catch {
    // Unreadable files were reported before any client was made.
  }
  return { profile, profiles, ssoSessions, paths, env: (name) => Deno.env.get(name) };
}

/**
 * The credential provider for a run without explicit keys. A named profile
 * (settings.profile, else AWS_PROFILE) supplies the credentials; one that
 * names no source at all falls back to the rest of the SDK's default chain.
 * Every failure is a CredentialsError whose message is the user's line,
 * except an AWS call's own error (AssumeRole), which is thrown as it is.
 */
export async function runCredentials(
  settings: CredentialSettings,
): Promise<AwsCredentialIdentityProvider> {
  const [{ fromIni }, { defaultProvider }] = await Promise.all([
    import("@aws-sdk/credential-provider-ini"),
    import("@aws-sdk/credential-provider-node"),
  ]);
  const profile = settings.profile ?? (Deno.env.get("AWS_PROFILE") || undefined);
  const init = {
    ...(profile ? { profile } : {}),
    logger: settings.logger as never,
    ...(settings.mfaCode ? { mfaCodeProvider: settings.mfaCode } : {}),
    roleAssumer: settings.assumeRole,
    ...(settings.clientConfig ? { clientConfig: settings.clientConfig } : {}),
    ...(settings.assumeRoleWithWebIdentity
      ? { roleAssumerWithWebIdentity: settings.assumeRoleWithWebIdentity }
      : {}),
  };
  const described = async (error: unknown): Promise<never> => {
    const context = await failureContext(profile);
    const line = await describeCredentialFailure(error, context);
    if (line) throw new CredentialsError(line);
    if (isUnexplained(error)) throw new CredentialsError(nothingFound(context));
    throw error;
  };
  const chain = defaultProvider(init);
  return shared(async () => {
    if (!profile) {
      try {
        return await chain();
      } catch (error) {
        const defaults = (await failureContext(undefined)).profiles.default;
        if (!isUnexplained(error) || !hasCredentialSettings(defaults)) {
          return await described(error);
        }
        // The chain's last link hides why profile 'default' gave nothing: ask it alone for why.
        return await fromIni({ ...init, profile: "default" })().catch(described);
      }
    }
    try {
      return await throughRoleSessionCache(
        settings.roleSessions,
        profile,
        REFRESH_MARGIN_MS,
        () => fromIni(init)(),
      );
    } catch (error) {
      const context = await failureContext(profile);
      if (!hasCredentialSettings(context.profiles[profile])) {
        // As the SDK does: a profile without credentials leaves them to the rest of the chain.
        try {
          return await chain();
        } catch (fallback) {
          if (!isUnexplained(fallback)) return await described(fallback);
        }
      }
      return await described(error);
    }
  });
}

/** The chain's end with nothing found (its last link's error says only that it was skipped). */
function isUnexplained(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { tryNextLink?: boolean; $metadata?: unknown };
  if (e.$metadata) return false;
  return e.name === "CredentialsProviderError" &&
    (e.tryNextLink === true || /Could not load credentials|access disabled/.test(e.message));
}
