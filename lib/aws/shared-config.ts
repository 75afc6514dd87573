import { getHomeDir, loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";
import { join } from "node:path";
import { CliError, UsageError } from "../errors.ts";
import type { AwsOptions } from "./options.ts";

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
      throw new CliError(`cannot read AWS file '${path}': Permission denied`);
    }
  }
}

/**
 * Before the SDK reads the shared files: fails when one of them cannot be
 * read, or when the profile asked for (--profile, else AWS_PROFILE) is in
 * neither. A --profile that names nothing is a usage error. Does nothing
 * when explicit keys make the files irrelevant for credentials.
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
  throw options.profile ? new UsageError(message) : new CliError(`${message} (from AWS_PROFILE)`);
}
