import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  type IAMClient,
  ListAccessKeysCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { CliError } from "../errors.ts";
import type { AccessKey } from "../output/credentials.ts";
import type { PermanentCredentialsStep } from "../policy/create-plan.ts";
import { isAwsError } from "./clients.ts";

/** IAM allows two access keys a user. */
const MAX_ACCESS_KEYS = 2;

/** What a permanent-credentials run changed, so a failure can be undone or reported. */
export interface UserChanges {
  userCreated: boolean;
  policiesPut: string[];
  accessKeyId?: string;
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
 * an access key. `changes` records each step as it happens.
 */
export async function createUserCredentials(
  iam: IAMClient,
  step: PermanentCredentialsStep,
  log: (line: string) => void,
  changes: UserChanges,
): Promise<AccessKey> {
  const username = step.username;
  try {
    await iam.send(
      new CreateUserCommand({ UserName: username, PermissionsBoundary: step.boundary }),
    );
    changes.userCreated = true;
    const boundary = step.boundary ? ` with permissions boundary: '${step.boundary}'` : "";
    log(`Created user: '${username}'${boundary}`);
  } catch (error) {
    if (!isAwsError(error, "EntityAlreadyExistsException", "EntityAlreadyExists")) throw error;
    const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: username }));
    if ((AccessKeyMetadata ?? []).length >= MAX_ACCESS_KEYS) throw tooManyKeys(username);
    log(`Using existing user: '${username}'`);
  }
  for (const policy of step.policies) {
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
  let key;
  try {
    ({ AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName: username })));
  } catch (error) {
    if (isAwsError(error, "LimitExceededException", "LimitExceeded")) throw tooManyKeys(username);
    throw error;
  }
  changes.accessKeyId = key?.AccessKeyId;
  log(`Created access key for user: ${username}`);
  return {
    UserName: key!.UserName!,
    AccessKeyId: key!.AccessKeyId!,
    Status: key!.Status!,
    SecretAccessKey: key!.SecretAccessKey!,
    CreateDate: key!.CreateDate,
  };
}

/** Deletes a user this run created, with the policies and key it gave it. */
export async function removeCreatedUser(
  iam: IAMClient,
  username: string,
  changes: UserChanges,
): Promise<void> {
  if (changes.accessKeyId) {
    await iam.send(
      new DeleteAccessKeyCommand({ UserName: username, AccessKeyId: changes.accessKeyId }),
    );
  }
  for (const name of changes.policiesPut) {
    await iam.send(new DeleteUserPolicyCommand({ UserName: username, PolicyName: name }));
  }
  await iam.send(new DeleteUserCommand({ UserName: username }));
}
