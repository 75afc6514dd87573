import { buildCommand } from "@stricli/core";
import { CliError, failureOrInterruption, UsageError } from "../../errors.ts";
import { type CreateRequest, planCreate } from "../../policy/create-plan.ts";
import { isoSeconds } from "../../policy/expiry.ts";
import { renderAccessKey, renderSessionCredentials } from "../../output/credentials.ts";
import { renderDryRun } from "../../output/dry-run.ts";
import {
  awsAliases,
  awsFlagParameters,
  type AwsFlags,
  parseRegion,
  resolveAwsOptions,
} from "../flags/aws.ts";
import { bucketsPositional, checkNewBucketName } from "../flags/bucket.ts";
import { durationFlagParameter } from "../flags/duration.ts";
import { expiresFlagParameter } from "../flags/expires.ts";
import {
  conditionFlagParameters,
  type ConditionFlags,
  conditionsOf,
  conditionWarnings,
} from "../flags/conditions.ts";
import { isUnconditional } from "../../policy/conditions.ts";
import { parsePolicyOption } from "../flags/policy-file.ts";
import {
  type PolicyRequestFlags,
  policyRequestOf,
  policyRequestParameters,
} from "../flags/policy-request.ts";
import type { CliContext } from "../context.ts";
import { stopOnSignal, STOPPING_NOTICE } from "../interrupt.ts";
import {
  checkProfileFlags,
  profileFlagParameters,
  type ProfileFlags,
  profileTargetOf,
  writeCreatedProfile,
} from "../flags/profile.ts";
import {
  credentialsFormatAliases,
  credentialsFormatFlagParameters,
  credentialsFormatOf,
} from "../flags/credentials-format.ts";
import { deliverCredentials, failureReason } from "../credentials-delivery.ts";
import { tagFlagParameters, type TagFlags, tagsOf } from "../flags/tag.ts";
import { parseIamUserName } from "../usernames.ts";
import { waitFlagParameters, type WaitFlags, waitForKey, waitLimitMs } from "../flags/wait.ts";

interface CreateFlags
  extends AwsFlags, PolicyRequestFlags, ConditionFlags, ProfileFlags, TagFlags, WaitFlags {
  readonly duration?: number;
  readonly username?: string;
  readonly createBucket: boolean;
  readonly public: boolean;
  readonly website: boolean;
  readonly policy?: string;
  readonly bucketRegion?: string;
  readonly silent: boolean;
  readonly dryRun: boolean;
  readonly userPermissionsBoundary?: string;
  readonly expires?: Date;
}

function parseBoundary(value: string): string {
  if (value !== "none" && !/^arn:aws[\w-]*:iam::(\d{12}|aws):policy\/.+$/.test(value)) {
    throw new Error("must be a managed policy ARN (arn:aws:iam::...:policy/...) or none");
  }
  return value;
}

/** Turns flags and bucket names into a validated request; throws UsageError on conflicts. */
export function createRequestFrom(flags: CreateFlags, buckets: string[]): CreateRequest {
  const policyRequest = policyRequestOf(flags);
  // Legacy names exist, but S3 no longer creates them.
  if (flags.createBucket) buckets.forEach(checkNewBucketName);
  if (flags.wait && flags.duration !== undefined) {
    throw new UsageError("--wait applies to access keys: leave it out with --duration");
  }
  if (flags.policy !== undefined) {
    const conflicting = [
      flags.prefix?.length && "--prefix",
      flags.statement?.length && "--statement",
      flags.readOnly && "--read-only",
      flags.writeOnly && "--write-only",
    ].filter(Boolean);
    if (conflicting.length > 0) {
      throw new UsageError(`--policy cannot be combined with ${conflicting.join(", ")}`);
    }
  }
  return {
    buckets: [...new Set(buckets)],
    ...policyRequest,
    policyText: flags.policy,
    durationSeconds: flags.duration,
    username: flags.username,
    createBucket: flags.createBucket,
    public: flags.public,
    website: flags.website,
    bucketRegion: flags.bucketRegion || undefined,
    userPermissionsBoundary: flags.userPermissionsBoundary,
    ...newUserRequest(flags),
    tags: tagsOf(flags),
  };
}

/**
 * `--expires` and the conditions, and a suffix that makes the default user
 * name unique to this run: their Deny statements cover every key of the user.
 */
function newUserRequest(
  flags: CreateFlags,
): Pick<CreateRequest, "expires" | "conditions" | "runSuffix"> {
  if (flags.expires !== undefined && flags.duration !== undefined) {
    throw new UsageError(
      "--expires cannot be combined with --duration: temporary credentials expire anyway",
    );
  }
  const conditions = conditionsOf(flags);
  const conditional = !isUnconditional(conditions);
  return {
    ...(flags.expires === undefined ? {} : { expires: isoSeconds(flags.expires) }),
    ...(conditional ? { conditions } : {}),
    ...(flags.expires !== undefined || conditional
      ? { runSuffix: crypto.randomUUID().slice(0, 8) }
      : {}),
  };
}

export default buildCommand({
  async func(this: CliContext, flags: CreateFlags, ...buckets: string[]) {
    const request = createRequestFrom(flags, buckets);
    const plan = planCreate(request);
    resolveAwsOptions(flags); // A dry run checks the AWS options too.
    checkProfileFlags(flags);
    const waitMs = waitLimitMs(flags);
    const stdout = this.process.stdout;
    const stderr = this.process.stderr;
    if (request.conditions) {
      for (const line of conditionWarnings(request.conditions)) stderr.write(line + "\n");
    }
    if (flags.dryRun) {
      stdout.write(renderDryRun(plan));
      return;
    }
    const log = flags.silent ? () => {} : (line: string) => stderr.write(line + "\n");
    using stop = stopOnSignal(() => log(STOPPING_NOTICE));
    const signal = stop.signal;
    const profile = await profileTargetOf(flags);
    const clients = await this.aws(flags, ["iam", "sts", "s3"]);
    const { executeCreate, keptCredentials, withdrawCredentials } = await import(
      "../../actions/create.ts"
    );
    const result = await executeCreate(plan, {
      clients,
      log,
      warn: (line) => stderr.write(line + "\n"),
      signal,
    });
    const rendering = { endpointUrl: flags.endpointUrl || undefined };
    const output = result.kind === "temporary"
      ? renderSessionCredentials(result.credentials, credentialsFormatOf(flags), rendering)
      : renderAccessKey(result.accessKey, credentialsFormatOf(flags), rendering);
    const waited = result.kind === "permanent" && waitMs !== undefined
      ? await waitForKey(clients, result.accessKey, waitMs, log, signal)
      : undefined;
    // Written here rather than through the shared stdout: credentials that cannot be delivered
    // must be taken back, not dropped quietly.
    let reason: string | undefined;
    if (profile) {
      try {
        const settings = { region: clients.region, endpointUrl: rendering.endpointUrl };
        stderr.write(await writeCreatedProfile(profile, result, settings) + "\n");
      } catch (error) {
        reason = `the profile '${profile.name}' could not be written (${failureReason(error)})`;
      }
    } else {
      reason = deliverCredentials(output);
    }
    if (reason !== undefined) {
      if (result.kind === "temporary") throw failureOrInterruption(reason, signal);
      const withdrawn = await withdrawCredentials(result, clients.iam);
      throw failureOrInterruption(`${reason}; ${withdrawn}`, signal);
    }
    // Interrupted once the credentials exist: they were delivered; say what stays in IAM.
    if (signal.aborted) {
      const delivered = profile
        ? `the credentials were written to profile '${profile.name}'`
        : "the credentials were printed";
      const kept = result.kind === "permanent" ? `; ${keptCredentials(result)}` : "";
      throw failureOrInterruption(delivered + kept, signal);
    }
    // The key exists and was delivered: a timeout must not take it back.
    if (waited !== undefined) {
      const where = profile ? `written to profile '${profile.name}'` : "printed";
      throw new CliError(`${waited}; the credentials were ${where}`);
    }
  },
  parameters: {
    flags: {
      ...credentialsFormatFlagParameters,
      ...profileFlagParameters,
      duration: { ...durationFlagParameter, optional: true },
      username: {
        kind: "parsed",
        parse: parseIamUserName,
        optional: true,
        brief: "Username to create or existing user to use",
      },
      createBucket: {
        kind: "boolean",
        default: false,
        brief: "Create buckets if they do not exist",
      },
      prefix: policyRequestParameters.prefix,
      public: {
        kind: "boolean",
        default: false,
        brief: "Make the created bucket public: anyone can download its files",
      },
      website: {
        kind: "boolean",
        default: false,
        brief: "Configure the created bucket as a public website (index.html, error.html)",
      },
      readOnly: policyRequestParameters.readOnly,
      writeOnly: policyRequestParameters.writeOnly,
      policy: {
        kind: "parsed",
        parse: parsePolicyOption,
        optional: true,
        placeholder: "POLICY",
        brief: "Custom policy: a file path, literal JSON or - for standard input",
      },
      statement: policyRequestParameters.statement,
      bucketRegion: {
        kind: "parsed",
        parse: parseRegion,
        optional: true,
        brief: "Region in which to create buckets",
      },
      silent: { kind: "boolean", default: false, brief: "Don't show what is being done" },
      dryRun: {
        kind: "boolean",
        default: false,
        brief: "Show the changes that would be made, make none",
      },
      userPermissionsBoundary: {
        kind: "parsed",
        parse: parseBoundary,
        optional: true,
        brief: "Permissions boundary ARN for created users, or none",
      },
      expires: expiresFlagParameter,
      ...conditionFlagParameters,
      ...tagFlagParameters,
      ...waitFlagParameters,
      ...awsFlagParameters,
    },
    aliases: { ...credentialsFormatAliases, d: "duration", c: "createBucket", ...awsAliases },
    positional: bucketsPositional,
  },
  docs: {
    brief: "Create and return new AWS credentials for specified S3 buckets",
    fullDescription: [
      "Create and return new AWS credentials for specified S3 buckets - optionally",
      "also creating the bucket if it does not yet exist.",
      "",
      "To create a new bucket and output read-write credentials:",
      "",
      "    s3-credentials create my-new-bucket -c",
      "",
      "To create read-only credentials for an existing bucket:",
      "",
      "    s3-credentials create my-existing-bucket --read-only",
      "",
      "To create write-only credentials that are only valid for 15 minutes:",
      "",
      "    s3-credentials create my-existing-bucket --write-only -d 15m",
      "",
      "Without --duration it creates (or reuses, with --username) an IAM user, gives it an inline",
      "policy s3.PERMISSION.BUCKET per bucket and prints a new access key as JSON: UserName,",
      "AccessKeyId, Status, SecretAccessKey, CreateDate. With --duration it assumes the role",
      "s3-credentials.AmazonS3FullAccess (created when missing) with a session policy for the",
      "buckets and prints AccessKeyId, SecretAccessKey, SessionToken, Expiration (revoke-sessions",
      "ends all such sessions issued so far). Credentials go to stdout (--format: json, ini for an",
      "AWS credentials file section, env, dotenv, fish, powershell, process), progress to stderr.",
      "`s3-credentials policy` prints the policy without creating anything.",
      "",
      "To create an access key that stops working after 30 days (see docs/expiry.md):",
      "",
      "    s3-credentials create my-existing-bucket --expires 30d",
      "",
      "To create an access key that works only from one network or through one VPC",
      "endpoint, and only over HTTPS (see docs/credentials.md):",
      "",
      "    s3-credentials create my-bucket --source-ip 203.0.113.0/24 --vpc-endpoint vpce-1a2b3c4d --require-tls",
      "",
      "To set them in the current shell (also: dotenv, fish, powershell):",
      "",
      '    eval "$(s3-credentials create my-bucket --read-only -d 1h -f env)"',
      "",
      "To let every AWS SDK fetch fresh scoped credentials on demand, in ~/.aws/config:",
      "",
      "    [profile my-bucket]",
      "    credential_process = s3-credentials create my-bucket --read-only -d 1h -f process --silent",
      "",
      "To write them into profile my-bucket of ~/.aws/credentials and ~/.aws/config",
      "(nothing is printed; an existing profile is only replaced with --force):",
      "",
      "    s3-credentials create my-bucket --read-only --write-profile my-bucket",
      "",
      "The users and roles it creates are tagged s3-credentials:permission,",
      "s3-credentials:buckets and s3-credentials:run (a random id of the run); --tag",
      "adds your own tags to the users, roles and buckets this run creates. --wait",
      "returns only once the new access key works:",
      "",
      "    s3-credentials create my-existing-bucket --tag team=data --wait",
    ].join("\n"),
  },
});
