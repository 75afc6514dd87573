import { DeleteAccessKeyCommand } from "@aws-sdk/client-iam";
import { CliError } from "../errors.ts";
import type { AccessKey, SessionCredentials } from "../credentials.ts";
import type { CreatePlan } from "../policy/create-plan.ts";
import type { Tag } from "../policy/tags.ts";
import { bucketState, configureCreatedBucket, createBucket } from "./buckets.ts";
import type { AwsClients } from "../aws/clients.ts";
import { describeError } from "../error-line.ts";
import { deleted } from "../aws/idempotent-delete.ts";
import { assumeRole, type EnsuredRole, ensureRole } from "./role-setup.ts";
import type { RetryOptions } from "../aws/retry.ts";
import { settled } from "./unanswered-create.ts";
import {
  createUserCredentials,
  needsNewUser,
  refuseExistingUser,
  removeCreatedUser,
  type UserChanges,
} from "./user-setup.ts";

/** What `create` needs besides its plan. */
export interface CreateDeps {
  clients: Pick<AwsClients, "iam" | "iamSingleAttempt" | "sts" | "s3" | "s3ForRegion">;
  /** Progress lines (silenced by --silent). */
  log: (line: string) => void;
  /** Warnings and failure reports (always shown). */
  warn: (line: string) => void;
  /** How long to wait for a new role; defaults to about 30 s. */
  roleRetry?: RetryOptions;
  /** Ctrl+C: no further change starts once it fires, and what was made is taken back. */
  signal?: AbortSignal;
}

export type CreateResult =
  | { kind: "temporary"; credentials: SessionCredentials }
  | { kind: "permanent"; accessKey: AccessKey; changes: UserChanges };

/**
 * Carries out a `create` plan: checks every bucket at once, creates the
 * missing ones if asked, then makes temporary or permanent credentials.
 * If a step fails after something was created, a user created by this run
 * is removed and everything left behind is reported before the error; so
 * too when `deps.signal` fires before the credentials exist (the call in
 * flight is let finish, so that its outcome is known).
 */
export async function executeCreate(plan: CreatePlan, deps: CreateDeps): Promise<CreateResult> {
  const { clients, log } = deps;
  const checkpoint = () => deps.signal?.throwIfAborted();
  if (plan.credentials.kind === "permanent" && needsNewUser(plan.credentials)) {
    await refuseExistingUser(clients.iam, plan.credentials);
  }
  const states = await Promise.all(plan.buckets.map((s) => bucketState(clients.s3, s.bucket)));
  const missing = plan.buckets.filter((_, i) => states[i] === "missing");
  if (missing.length > 0 && !plan.createMissingBuckets) {
    throw new CliError(
      `Bucket does not exist: ${missing[0].bucket} - try --create-bucket to create it`,
    );
  }
  const createdBuckets: string[] = [];
  let role: EnsuredRole | undefined;
  let roleUncertain = false;
  const userChanges: UserChanges = { userCreated: false, policiesPut: [] };
  let result: CreateResult;
  try {
    for (const [i, step] of plan.buckets.entries()) {
      if (states[i] === "missing") {
        checkpoint();
        const s3 = clients.s3ForRegion(step.region);
        await createBucket(s3, step, log);
        // Recorded before its settings: a bucket whose tagging or policy fails is still left behind.
        createdBuckets.push(step.bucket);
        await configureCreatedBucket(s3, step, log);
      } else if (step.publicPolicy || step.website || step.region) {
        deps.warn(
          `Bucket ${step.bucket} already exists: --public, --website and --bucket-region ` +
            "apply only to buckets this run creates, so it was left unchanged",
        );
      }
    }
    const credentials = plan.credentials;
    checkpoint();
    if (credentials.kind === "temporary") {
      role = await settled(
        () => ensureRole(clients, credentials.roleName, log, credentials.roleTags),
        () => roleUncertain = true,
      );
      checkpoint();
      log(`Assume role against ${role.arn} for ${credentials.durationSeconds}s`);
      result = {
        kind: "temporary",
        credentials: await assumeRole(clients.sts, role, credentials, log, deps.roleRetry),
      };
    } else {
      const accessKey = await createUserCredentials(
        clients,
        credentials,
        log,
        userChanges,
        checkpoint,
      );
      result = { kind: "permanent", accessKey, changes: userChanges };
    }
  } catch (error) {
    await reportLeftovers(plan, deps, { createdBuckets, role, roleUncertain, userChanges });
    throw error;
  }
  const createdNothing = createdBuckets.length === 0 && !role?.created && !userChanges.userCreated;
  if (createdNothing && userTags(plan).length > 0) {
    deps.warn(
      "Tags not applied: this run created no user, role or bucket (--tag applies only to those)",
    );
  }
  return result;
}

/** The `--tag` values: each bucket step carries them, for a bucket the run may create. */
function userTags(plan: CreatePlan): readonly Tag[] {
  return plan.buckets[0]?.tags ?? [];
}

async function reportLeftovers(
  plan: CreatePlan,
  deps: CreateDeps,
  made: {
    createdBuckets: string[];
    role?: EnsuredRole;
    /** CreateRole got no answer and looking did not settle whether it made the role. */
    roleUncertain: boolean;
    userChanges: UserChanges;
  },
): Promise<void> {
  const { warn } = deps;
  for (const bucket of made.createdBuckets) {
    warn(`This run created bucket ${bucket}; it is left in place`);
  }
  if (made.role?.created) {
    warn(`This run created role ${made.role.arn}; it is left in place for later runs`);
  }
  if (plan.credentials.kind !== "permanent") {
    if (made.roleUncertain) {
      warn(
        `CreateRole got no answer and role ${plan.credentials.roleName} could not be looked up: ` +
          "if this run created it, it is left in place for later runs",
      );
    }
    return;
  }
  const username = plan.credentials.username;
  const changes = made.userChanges;
  if (changes.userUncertain) {
    warn(
      `CreateUser got no answer and user ${username} could not be looked up: if this run ` +
        `created it, remove it with: s3-credentials delete-user ${username}`,
    );
  }
  if (changes.keyUncertain && !changes.userCreated) {
    warn(
      `CreateAccessKey got no answer and the keys of user ${username} could not be listed: ` +
        `a key whose secret nobody has may remain (aws iam list-access-keys --user-name ${username})`,
    );
  }
  if (changes.userCreated && changes.keysShared) {
    warn(
      `This run created user ${username}; it is left in place, since another run may hold ` +
        "one of its access keys",
    );
    return;
  }
  if (!changes.userCreated) {
    if (changes.policiesPut.length > 0) {
      warn(
        `This run attached policies to existing user ${username}: ${
          changes.policiesPut.join(", ")
        }`,
      );
    }
    return;
  }
  try {
    await removeCreatedUser(deps.clients.iam, username, changes);
    warn(`Removed user ${username}, which this run had created`);
  } catch (error) {
    const reason = describeError(error);
    warn(
      `This run created user ${username} and could not remove it (${reason}); ` +
        `remove it with: s3-credentials delete-user ${username}`,
    );
  }
}

/** What delivered permanent credentials keep in IAM, as a clause for an interrupted run's error. */
export function keptCredentials(result: Extract<CreateResult, { kind: "permanent" }>): string {
  const { UserName: username, AccessKeyId: keyId } = result.accessKey;
  const { userCreated, policiesPut } = result.changes;
  const owner = userCreated
    ? `user ${username}, created by this run,`
    : `existing user ${username}`;
  const policies = policiesPut.length === 0
    ? ""
    : ` and ${policiesPut.length === 1 ? "policy" : "policies"} ${policiesPut.join(", ")}`;
  return `${owner} keeps active access key ${keyId}${policies}`;
}

/**
 * Takes back permanent credentials that never reached the user: deletes the
 * access key, and the user with its policies when this run created it.
 * Returns what was done, or how to finish, as a clause for the error line.
 */
export async function withdrawCredentials(
  result: Extract<CreateResult, { kind: "permanent" }>,
  iam: AwsClients["iam"],
): Promise<string> {
  const { UserName: username, AccessKeyId: keyId } = result.accessKey;
  const changes = result.changes;
  if (changes.userCreated) {
    try {
      await removeCreatedUser(iam, username, changes);
      return `deleted access key ${keyId} and user ${username}`;
    } catch (error) {
      return `user ${username}, created by this run with access key ${keyId}, could not be ` +
        `removed (${describeError(error)}): remove it with s3-credentials delete-user ${username}`;
    }
  }
  try {
    await deleted(iam.send(new DeleteAccessKeyCommand({ UserName: username, AccessKeyId: keyId })));
  } catch (error) {
    return `access key ${keyId} of user ${username} could not be deleted (${
      describeError(error)
    }): delete it with aws iam delete-access-key --user-name ${username} --access-key-id ${keyId}`;
  }
  const policies = changes.policiesPut.length > 0
    ? `; policies ${changes.policiesPut.join(", ")} stay attached to existing user ${username}`
    : "";
  return `deleted access key ${keyId} of existing user ${username}${policies}`;
}
