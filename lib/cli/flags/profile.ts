// `--write-profile NAME` and `--force` of `create`: flags, the check made
// before any AWS call, and the writing of the new credentials.
import { UsageError } from "../../errors.ts";
import type { ProfileTarget } from "../../local/aws-profile.ts";
import { profileNameProblem } from "../../output/profile-sections.ts";
import type { CreateResult } from "../../actions/create.ts";
import type { CredentialsFormatFlags } from "./credentials-format.ts";

/** Flags of a command that can write its credentials into a named profile instead of printing them. */
export interface ProfileFlags extends CredentialsFormatFlags {
  readonly writeProfile?: string;
  readonly force: boolean;
}

function parseProfileName(name: string): string {
  const problem = profileNameProblem(name);
  if (problem) throw new Error(problem);
  return name;
}

export const profileFlagParameters = {
  writeProfile: {
    kind: "parsed",
    parse: parseProfileName,
    optional: true,
    placeholder: "NAME",
    brief: "Write the credentials into AWS profile NAME (~/.aws/credentials and config), " +
      "print nothing",
  },
  force: {
    kind: "boolean",
    default: false,
    brief: "With --write-profile: replace a profile of that name",
  },
} as const;

/** Refuses (UsageError) --force without --write-profile, and -f with it, which prints nothing. */
export function checkProfileFlags(flags: ProfileFlags): void {
  if (flags.writeProfile === undefined) {
    if (flags.force) throw new UsageError("--force is only used with --write-profile");
  } else if (flags.format !== undefined) {
    throw new UsageError(
      "--format cannot be combined with --write-profile (the credentials go to the profile, " +
        "not to the output)",
    );
  }
}

/**
 * Where `--write-profile` will write, after checking the flags and that the
 * profile is free (or --force): undefined without the flag. Makes no AWS call.
 */
export async function profileTargetOf(flags: ProfileFlags): Promise<ProfileTarget | undefined> {
  checkProfileFlags(flags);
  if (flags.writeProfile === undefined) return undefined;
  const { sharedFilePaths } = await import("../../aws/shared-config.ts");
  const { checkProfileFree } = await import("../../local/aws-profile.ts");
  const paths = sharedFilePaths();
  const target = {
    name: flags.writeProfile,
    credentialsPath: paths.credentials,
    configPath: paths.config,
    force: flags.force,
  };
  await checkProfileFree(target);
  return target;
}

/** Writes the credentials of `result` into the profile; returns the line that says where. */
export async function writeCreatedProfile(
  target: ProfileTarget,
  result: CreateResult,
  settings: { region: string; endpointUrl?: string },
): Promise<string> {
  const { writeProfile } = await import("../../local/aws-profile.ts");
  const keys = result.kind === "temporary"
    ? {
      accessKeyId: result.credentials.AccessKeyId,
      secretAccessKey: result.credentials.SecretAccessKey,
      sessionToken: result.credentials.SessionToken,
    }
    : {
      accessKeyId: result.accessKey.AccessKeyId,
      secretAccessKey: result.accessKey.SecretAccessKey,
    };
  await writeProfile(target, { ...keys, ...settings });
  const expiry = result.kind === "temporary"
    ? ` (valid until ${result.credentials.Expiration.toISOString()})`
    : "";
  return `Wrote profile '${target.name}'${expiry}: credentials to ${target.credentialsPath}, ` +
    `region${settings.endpointUrl ? " and endpoint" : ""} to ${target.configPath}`;
}
