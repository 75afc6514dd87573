import { getHomeDir, loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";
import { join } from "node:path";
import type { AwsOptions } from "./options.ts";

/**
 * A shared config or credentials file the SDK would pass over in silence
 * (unreadable), or a profile that is in neither. `byFlag`: the name came
 * from --profile, so the command line itself is wrong.
 */
export class SharedConfigError extends Error {
  constructor(message: string, readonly byFlag = false) {
    super(message);
    this.name = "SharedConfigError";
  }
}

/** Where the SDK looks for the shared config and credentials files (as the SDK resolves them). */
export function sharedFilePaths(): { config: string; credentials: string } {
  const home = getHomeDir();
  const resolve = (path: string) => path.startsWith("~/") ? join(home, path.slice(2)) : path;
  return {
    config: resolve(Deno.env.get("AWS_CONFIG_FILE") || join(home, ".aws", "config")),
    credentials: resolve(
      Deno.env.get("AWS_SHARED_CREDENTIALS_FILE") || join(home, ".aws", "credentials"),
    ),
  };
}

// The SDK skips a file it cannot read, and then reports only that no credentials were found.
async function checkReadable(path: string): Promise<void> {
  try {
    await (await Deno.open(path, { read: true })).close();
  } catch (error) {
    if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
      throw new SharedConfigError(`cannot read AWS file '${path}': Permission denied`);
    }
  }
}

/**
 * Before the SDK reads the shared files: fails when one of them cannot be
 * read, or when the profile asked for (--profile, else AWS_PROFILE) is in
 * neither (SharedConfigError). Does nothing when explicit keys make the
 * files irrelevant for credentials.
 */
export async function checkSharedConfig(options: AwsOptions): Promise<void> {
  if (options.credentials) return;
  const fromEnv = Deno.env.get("AWS_PROFILE");
  const profile = options.profile ?? fromEnv;
  // Keys from the environment are used without the files, unless a profile is named.
  if (!profile && Deno.env.get("AWS_ACCESS_KEY_ID")) return;
  const paths = sharedFilePaths();
  await checkReadable(paths.config);
  await checkReadable(paths.credentials);
  if (!profile) return;
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    filepath: paths.credentials,
    configFilepath: paths.config,
    ignoreCache: true,
  });
  if (profile in configFile || profile in credentialsFile) return;
  const message = `profile '${profile}' not found in ${paths.config} or ${paths.credentials}`;
  throw options.profile
    ? new SharedConfigError(message, true)
    : new SharedConfigError(`${message} (from AWS_PROFILE)`);
}

/** The services whose endpoint can be set apart (their `AWS_ENDPOINT_URL_*` suffix in lower case). */
export type EndpointService = "iam" | "sts" | "s3";

const truthy = (value: unknown) => typeof value === "string" && value.toLowerCase() === "true";

/**
 * The endpoint each service is sent to, or undefined for AWS itself. In the
 * order every AWS SDK uses: the service's own flag (--iam-endpoint-url,
 * --sts-endpoint-url), --endpoint-url, `AWS_ENDPOINT_URL_<SERVICE>`,
 * `AWS_ENDPOINT_URL`, then the profile's `services` section and its
 * `endpoint_url`. Resolved here rather than left to the SDK, which reads the
 * profile of AWS_PROFILE rather than --profile, and because a custom S3
 * endpoint changes how the S3 client addresses buckets.
 */
export async function resolveEndpoints(
  options: AwsOptions,
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): Promise<Record<EndpointService, string | undefined>> {
  const flagged: Record<EndpointService, string | undefined> = {
    iam: options.iamEndpointUrl ?? options.endpointUrl,
    sts: options.stsEndpointUrl ?? options.endpointUrl,
    s3: options.endpointUrl,
  };
  const services: EndpointService[] = ["iam", "sts", "s3"];
  if (services.every((service) => flagged[service])) return flagged;
  let profile: Record<string, string | undefined> = {};
  let sections: Record<string, Record<string, string | undefined>> = {};
  if (!truthy(env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
    const paths = sharedFilePaths();
    try {
      const { configFile } = await loadSharedConfigFiles({
        filepath: paths.credentials,
        configFilepath: paths.config,
      });
      sections = configFile;
      profile = configFile[options.profile ?? env("AWS_PROFILE") ?? "default"] ?? {};
    } catch {
      // Unreadable files were reported by checkSharedConfig when they matter.
    }
    if (truthy(profile.ignore_configured_endpoint_urls)) profile = {};
  }
  const fromProfile = (service: EndpointService) => {
    const section = profile.services ? sections[`services.${profile.services}`] : undefined;
    return section?.[`${service}.endpoint_url`] || profile.endpoint_url || undefined;
  };
  const resolved = (service: EndpointService) =>
    flagged[service] || env(`AWS_ENDPOINT_URL_${service.toUpperCase()}`) ||
    env("AWS_ENDPOINT_URL") || fromProfile(service);
  return { iam: resolved("iam"), sts: resolved("sts"), s3: resolved("s3") };
}
