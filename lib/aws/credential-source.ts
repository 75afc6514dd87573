// Where a run's credentials came from, in words (whoami's Source, --debug): from the feature
// flags the SDK's providers set on what they return ($source), else from the profile's settings
// (credentials kept between runs carry no flags).

/** The SDK's `$source` flags (setCredentialFeature), by feature name. */
export type SourceFlags = Readonly<Record<string, string | undefined>>;

/** What the run knows besides the credentials themselves. */
export interface SourceContext {
  /** --profile, else AWS_PROFILE; undefined: the default chain. */
  readonly profile?: string;
  /** The settings of each profile of the shared files. */
  readonly profiles: Readonly<Record<string, Readonly<Record<string, string | undefined>>>>;
  /** True when AWS_CONTAINER_CREDENTIALS_FULL_URI or _RELATIVE_URI is set. */
  readonly containerEnv: boolean;
}

/** The kind of a profile's credentials, from its settings: "assumed role, MFA", "SSO", ... */
function profileKind(settings: Readonly<Record<string, string | undefined>> | undefined): string {
  if (!settings) return "";
  if (settings.role_arn && (settings.source_profile || settings.credential_source)) {
    return settings.mfa_serial ? " (assumed role, MFA)" : " (assumed role)";
  }
  if (settings.aws_access_key_id) return "";
  if (settings.role_arn && settings.web_identity_token_file) return " (web identity)";
  if (settings.credential_process) return " (credential_process)";
  if (settings.sso_session || settings.sso_start_url) return " (SSO)";
  return "";
}

/** The kind a profile provider's flags name, or undefined when no profile flag is set. */
function flaggedProfileKind(
  flags: SourceFlags,
  settings: Readonly<Record<string, string | undefined>> | undefined,
): string | undefined {
  if (flags.CREDENTIALS_PROFILE_SOURCE_PROFILE) {
    return settings?.mfa_serial ? " (assumed role, MFA)" : " (assumed role)";
  }
  if (flags.CREDENTIALS_PROFILE_SSO || flags.CREDENTIALS_PROFILE_SSO_LEGACY) return " (SSO)";
  if (flags.CREDENTIALS_PROFILE_PROCESS || flags.CREDENTIALS_PROCESS) {
    return " (credential_process)";
  }
  if (flags.CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN) return " (web identity)";
  if (flags.CREDENTIALS_PROFILE) return "";
  return undefined;
}

/**
 * The source of credentials the SDK's providers returned: "environment", "web identity",
 * "container endpoint", "instance metadata", or "profile NAME" with the profile's kind.
 */
export function describeSource(flags: SourceFlags | undefined, context: SourceContext): string {
  const f = flags ?? {};
  if (f.CREDENTIALS_ENV_VARS) return "environment";
  if (f.CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN || f.CREDENTIALS_STS_ASSUME_ROLE_WEB_ID) {
    return "web identity";
  }
  if (f.CREDENTIALS_HTTP) return "container endpoint";
  // The default chain reads the profile named "default".
  const profile = context.profile ?? "default";
  const settings = context.profiles[profile];
  const flagged = flaggedProfileKind(f, settings);
  if (flagged !== undefined) return `profile ${profile}${flagged}`;
  if (f.CREDENTIALS_SSO || f.CREDENTIALS_SSO_LEGACY) return "SSO";
  if (context.profile && settings) return `profile ${profile}${profileKind(settings)}`;
  return context.containerEnv ? "container endpoint" : "instance metadata";
}

/** describeSource for credentials a provider returned, with the shared files read again. */
export async function sourceOfCredentials(
  credentials: object,
  profileOption: string | undefined,
): Promise<string> {
  const [{ parseKnownFiles }, { sharedFilePaths }] = await Promise.all([
    import("@smithy/shared-ini-file-loader"),
    import("./shared-config.ts"),
  ]);
  const paths = sharedFilePaths();
  let profiles: SourceContext["profiles"] = {};
  try {
    profiles = await parseKnownFiles({ filepath: paths.credentials, configFilepath: paths.config });
  } catch {
    // Unreadable files were reported before any client was made.
  }
  const env = (name: string) => Deno.env.get(name) || undefined;
  return describeSource((credentials as { $source?: SourceFlags }).$source, {
    profile: profileOption ?? env("AWS_PROFILE"),
    profiles,
    containerEnv: Boolean(
      env("AWS_CONTAINER_CREDENTIALS_FULL_URI") ?? env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
    ),
  });
}
