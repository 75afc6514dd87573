// `create --write-profile`: puts new credentials into the shared credentials
// and config files, replacing each file atomically so that a crash never
// leaves half of one, and leaving every other byte as it was.
import { dirname } from "node:path";
import { CliError } from "../errors.ts";
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

/** The file's text, or undefined when there is no such file. */
async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new CliError(`cannot read '${path}': ${describe(error)}`);
  }
}

/**
 * Refuses (CliError) when the profile exists in either file and `force` is
 * not set, or when a file cannot be read. Called before any AWS call, and
 * again by writeProfile.
 */
export async function checkProfileFree(target: ProfileTarget): Promise<void> {
  if (target.force) return;
  const [credentials, config] = await Promise.all([
    readIfPresent(target.credentialsPath),
    readIfPresent(target.configPath),
  ]);
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

/** Follows a symbolic link, so that the rename replaces the file and not the link. */
async function realTarget(path: string): Promise<string> {
  try {
    return await Deno.realPath(path);
  } catch {
    return path;
  }
}

/** Writes `text` beside `path` (mode 0600), then renames it over `path`. */
async function replaceFile(path: string, text: string): Promise<void> {
  const target = await realTarget(path);
  const directory = dirname(target);
  // New directories (~/.aws) are private; existing ones are left as they are.
  await Deno.mkdir(directory, { recursive: true, mode: 0o700 });
  const temporary = `${target}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    await Deno.writeTextFile(temporary, text, { mode: 0o600, createNew: true });
    await Deno.rename(temporary, target);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw new CliError(`cannot write '${path}': ${describe(error)}`);
  }
}

/**
 * Writes the profile: `[name]` with the keys into the credentials file, then
 * `[profile name]` with region and endpoint into the config file. If the
 * second write fails, the first file is put back as it was. Throws CliError.
 */
export async function writeProfile(target: ProfileTarget, content: ProfileContent): Promise<void> {
  await checkProfileFree(target);
  const [credentials, config] = await Promise.all([
    readIfPresent(target.credentialsPath),
    readIfPresent(target.configPath),
  ]);
  const present = (pairs: [string, string | undefined][]) =>
    pairs.filter((pair): pair is [string, string] => pair[1] !== undefined);
  const keys = present([
    ["aws_access_key_id", content.accessKeyId],
    ["aws_secret_access_key", content.secretAccessKey],
    ["aws_session_token", content.sessionToken],
  ]);
  const settings = present([["region", content.region], ["endpoint_url", content.endpointUrl]]);
  await replaceFile(
    target.credentialsPath,
    withSection(credentials ?? "", credentialsSection(target.name), keys),
  );
  try {
    await replaceFile(
      target.configPath,
      withSection(config ?? "", configSection(target.name), settings),
    );
  } catch (error) {
    // Keys without their profile's settings would be half a profile.
    const restored = credentials === undefined
      ? Deno.remove(target.credentialsPath)
      : replaceFile(target.credentialsPath, credentials);
    await restored.catch(() => {});
    throw error;
  }
}
