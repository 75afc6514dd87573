import {
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetUserCommand,
  type IAMClient,
  ListAccessKeysCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { CliError } from "../errors.ts";
import type { AccessKey } from "../credentials.ts";
import type { PermanentCredentialsStep } from "../policy/create-plan.ts";
import { conditionFlags } from "../policy/conditions.ts";
import { MAX_ACCESS_KEYS } from "../policy/iam-limits.ts";
import type { AwsClients } from "../aws/clients.ts";
import { isAwsError, isNoSuchEntity } from "../aws/service-errors.ts";
import { deleted } from "../aws/idempotent-delete.ts";
import {
  AppearedKeysError,
  createAccessKeyOnce,
  createUserOnce,
  settled,
} from "./unanswered-create.ts";

/** What a permanent-credentials run changed, so a failure can be undone or reported. */
export interface UserChanges {
  userCreated: boolean;
  policiesPut: string[];
  accessKeyId?: string;
  /** CreateUser got no answer and looking did not settle whether it made the user. */
  userUncertain?: boolean;
  /** CreateAccessKey got no answer and looking did not settle whether it made a key. */
  keyUncertain?: boolean;
  /** Keys appeared while CreateAccessKey's answer was lost: another run may use the user. */
  keysShared?: boolean;
}

function tooManyKeys(username: string): CliError {
  return new CliError(
    `user ${username} already has ${MAX_ACCESS_KEYS} access keys, the most IAM allows: ` +
      `delete one (aws iam delete-access-key --user-name ${username} --access-key-id ...) ` +
      `or delete the user (s3-credentials delete-user ${username}), then run create again`,
  );
}

/**
 * Creates the user unless it exists (checking first that an existing user
 * has room for another key), puts one inline policy a bucket, then creates
 * an access key. `changes` records each step as it happens. CreateUser and
 * CreateAccessKey are sent without the SDK's blind retries; a lost answer is
 * settled by looking at IAM (see unanswered-create.ts). `checkpoint` runs
 * before each later change and throws to stop there (Ctrl+C).
 */
export async function createUserCredentials(
  clients: Pick<AwsClients, "iam" | "iamSingleAttempt">,
  step: PermanentCredentialsStep,
  log: (line: string) => void,
  changes: UserChanges,
  checkpoint: () => void = () => {},
): Promise<AccessKey> {
  const { iam } = clients;
  const pair = { iam, once: clients.iamSingleAttempt };
  const username = step.username;
  const outcome = await settled(
    () =>
      createUserOnce(pair, {
        UserName: username,
        PermissionsBoundary: step.boundary,
        Tags: step.tags,
      }),
    () => changes.userUncertain = true,
  );
  if (outcome === "created") {
    changes.userCreated = true;
    const boundary = step.boundary ? ` with permissions boundary: '${step.boundary}'` : "";
    log(`Created user: '${username}'${boundary}`);
  } else if (needsNewUser(step)) {
    throw existingUserError(username, step);
  } else {
    const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: username }));
    if ((AccessKeyMetadata ?? []).length >= MAX_ACCESS_KEYS) throw tooManyKeys(username);
    log(`Using existing user: '${username}'`);
  }
  for (const policy of step.policies) {
    checkpoint();
    await iam.send(
      new PutUserPolicyCommand({
        UserName: username,
        PolicyName: policy.name,
        PolicyDocument: JSON.stringify(policy.document),
      }),
    );
    changes.policiesPut.push(policy.name);
    log(`Attached policy ${policy.name} to user ${username}`);
  }
  checkpoint();
  // A user this run created has no key yet; an existing user's keys are listed just before.
  const keysNow = changes.userCreated ? [] : undefined;
  let key;
  try {
    key = await settled(
      () => createAccessKeyOnce(pair, username, log, { keysNow }),
      () => changes.keyUncertain = true,
    );
  } catch (error) {
    if (isAwsError(error, "LimitExceededException", "LimitExceeded")) throw tooManyKeys(username);
    if (error instanceof AppearedKeysError) changes.keysShared = true;
    throw error;
  }
  changes.accessKeyId = key.AccessKeyId;
  log(`Created access key for user: ${username}`);
  if (step.expires !== undefined) log(`The access key works until ${step.expires}`);
  return key;
}

/**
 * True when `step`'s Deny statements (`--expires`, the conditions) would
 * cover every key of the user, so they never go on a user made before.
 */
export function needsNewUser(step: PermanentCredentialsStep): boolean {
  return step.expires !== undefined || step.conditions !== undefined;
}

/** Why a step that needsNewUser cannot use the existing user `username`. */
export function existingUserError(username: string, step: PermanentCredentialsStep): CliError {
  const effects = [
    step.expires !== undefined && "--expires would also end its other access keys",
    step.conditions !== undefined &&
    `${conditionFlags(step.conditions).join(", ")} would also restrict its other access keys`,
  ].filter(Boolean);
  return new CliError(
    `user ${username} already exists: ${effects.join(" and ")}, ` +
      "so it only creates new users (leave out --username for a name unique to this run)",
  );
}

/** Throws existingUserError when the user exists (checked before such a run changes anything). */
export async function refuseExistingUser(
  iam: IAMClient,
  step: PermanentCredentialsStep,
): Promise<void> {
  try {
    await iam.send(new GetUserCommand({ UserName: step.username }));
  } catch (error) {
    if (isNoSuchEntity(error)) return;
    throw error;
  }
  throw existingUserError(step.username, step);
}

/** Deletes a user this run created, with the policies and key it gave it; what is gone is done. */
export async function removeCreatedUser(
  iam: IAMClient,
  username: string,
  changes: UserChanges,
): Promise<void> {
  const keys = changes.keyUncertain
    ? ((await iam.send(new ListAccessKeysCommand({ UserName: username }))).AccessKeyMetadata ?? [])
      .map((key) => key.AccessKeyId!)
    : changes.accessKeyId
    ? [changes.accessKeyId]
    : [];
  for (const AccessKeyId of keys) {
    await deleted(iam.send(new DeleteAccessKeyCommand({ UserName: username, AccessKeyId })));
  }
  for (const name of changes.policiesPut) {
    await deleted(iam.send(new DeleteUserPolicyCommand({ UserName: username, PolicyName: name })));
  }
  await deleted(iam.send(new DeleteUserCommand({ UserName: username })));
}
