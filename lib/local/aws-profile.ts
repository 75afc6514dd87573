// `create --write-profile`: puts new credentials into the shared credentials
// and config files, replacing each file atomically so that a crash never
// leaves half of one, and leaving every other byte as it was.
import { CliError } from "../errors.ts";
import { ensureDirectoryOf, realFilePath, replaceFile } from "./atomic-file.ts";
import { type LockOptions, withFileLocks } from "./file-lock.ts";
import {
  configSection,
  credentialsSection,
  hasSection,
  withSection,
} from "../output/profile-sections.ts";

/** Where the profile goes. */
export interface ProfileTarget {
  name: string;
  credentialsPath: string;
  configPath: string;
  /** Replace sections of that name instead of refusing. */
  force: boolean;
}

/** What the profile holds. */
export interface ProfileContent {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  endpointUrl?: string;
}

const describe = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/\s*\(os error \d+\)$/, "");

/** The file's text, or undefined when there is no such file. `shown` is the path errors name. */
async function readIfPresent(path: string, shown = path): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new CliError(`cannot read '${shown}': ${describe(error)}`);
  }
}

/** Refuses when the profile exists in either text and `force` is not set. */
function refuseTaken(target: ProfileTarget, credentials?: string, config?: string): void {
  if (target.force) return;
  const found = hasSection(credentials ?? "", credentialsSection(target.name))
    ? target.credentialsPath
    : hasSection(config ?? "", configSection(target.name))
    ? target.configPath
    : undefined;
  if (found) {
    throw new CliError(
      `profile '${target.name}' already exists in ${found} (use --force to replace it)`,
    );
  }
}

/**
 * Refuses (CliError) when the profile exists in either file and `force` is
 * not set, or when a file cannot be read. Called before any AWS call;
 * writeProfile checks again under its locks.
 */
export async function checkProfileFree(target: ProfileTarget): Promise<void> {
  if (target.force) return;
  const [credentials, config] = await Promise.all([
    readIfPresent(target.credentialsPath),
    readIfPresent(target.configPath),
  ]);
  refuseTaken(target, credentials, config);
}

type Settings = [string, string][];

const present = (pairs: [string, string | undefined][]): Settings =>
  pairs.filter((pair): pair is [string, string] => pair[1] !== undefined);

/** Both sections in one file (both SDKs accept one file for both); `default` is one section. */
function withBothSections(text: string, name: string, keys: Settings, settings: Settings): string {
  if (credentialsSection(name) === configSection(name)) {
    return withSection(text, configSection(name), [...keys, ...settings]);
  }
  return withSection(
    withSection(text, credentialsSection(name), keys),
    configSection(name),
    settings,
  );
}

/**
 * Writes the profile: `[name]` with the keys into the credentials file, then
 * `[profile name]` with region and endpoint into the config file, holding a
 * lock on each file from reading to writing, so that concurrent runs keep
 * each other's profiles. When both paths lead to one file, both sections go
 * into it in one replacement. If the second write fails, the first file is
 * put back as it was. Throws CliError.
 */
export async function writeProfile(
  target: ProfileTarget,
  content: ProfileContent,
  lockOptions: LockOptions = {},
): Promise<void> {
  const credentialsFile = await realFilePath(target.credentialsPath);
  const configFile = await realFilePath(target.configPath);
  await ensureDirectoryOf(credentialsFile, target.credentialsPath);
  await ensureDirectoryOf(configFile, target.configPath);
  const keys = present([
    ["aws_access_key_id", content.accessKeyId],
    ["aws_secret_access_key", content.secretAccessKey],
    ["aws_session_token", content.sessionToken],
  ]);
  const settings = present([["region", content.region], ["endpoint_url", content.endpointUrl]]);
  await withFileLocks([credentialsFile, configFile], async () => {
    // Read under the locks: another run may have written either file since the first check.
    const [credentials, config] = await Promise.all([
      readIfPresent(credentialsFile, target.credentialsPath),
      readIfPresent(configFile, target.configPath),
    ]);
    refuseTaken(target, credentials, config);
    if (credentialsFile === configFile) {
      const text = withBothSections(config ?? "", target.name, keys, settings);
      return await replaceFile(configFile, text, target.configPath);
    }
    await replaceFile(
      credentialsFile,
      withSection(credentials ?? "", credentialsSection(target.name), keys),
      target.credentialsPath,
    );
    try {
      await replaceFile(
        configFile,
        withSection(config ?? "", configSection(target.name), settings),
        target.configPath,
      );
    } catch (error) {
      // Keys without their profile's settings would be half a profile.
      const restored = credentials === undefined
        ? Deno.remove(credentialsFile)
        : replaceFile(credentialsFile, credentials);
      await restored.catch(() => {});
      throw error;
    }
  }, lockOptions);
}
