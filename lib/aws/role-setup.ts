import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { CliError } from "../errors.ts";
import type { SessionCredentials } from "../credentials.ts";
import type { TemporaryCredentialsStep } from "../policy/create-plan.ts";
import {
  ROLE_DESCRIPTION,
  ROLE_MAX_SESSION_SECONDS,
  roleTrustPolicy,
  S3_FULL_ACCESS_ARN,
} from "../policy/role.ts";
import type { Tag } from "../policy/tags.ts";
import { isAwsError } from "./clients.ts";
import { type RetryOptions, retryWithin } from "./retry.ts";

/** The role's ARN, and whether this run created it. */
export interface EnsuredRole {
  arn: string;
  created: boolean;
}

/**
 * Returns the role `name`, creating it when missing: trusted by the
 * caller's account, with AmazonS3FullAccess attached and carrying `tags`. An
 * existing role is used as it is.
 */
export async function ensureRole(
  iam: IAMClient,
  sts: STSClient,
  name: string,
  log: (line: string) => void,
  tags: readonly Tag[] = [],
): Promise<EnsuredRole> {
  try {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: name }));
    return { arn: Role!.Arn!, created: false };
  } catch (error) {
    if (!isAwsError(error, "NoSuchEntityException", "NoSuchEntity")) throw error;
  }
  const { Account } = await sts.send(new GetCallerIdentityCommand({}));
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      Description: ROLE_DESCRIPTION,
      MaxSessionDuration: ROLE_MAX_SESSION_SECONDS,
      AssumeRolePolicyDocument: JSON.stringify(roleTrustPolicy(Account!)),
      ...(tags.length > 0 ? { Tags: [...tags] } : {}),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: S3_FULL_ACCESS_ARN }));
  log(`Created role: ${name}`);
  return { arn: Role!.Arn!, created: true };
}

/** A new role may be refused for some seconds while IAM propagates it. */
export const NEW_ROLE_RETRY: RetryOptions = {
  limitMs: 30_000,
  firstDelayMs: 1000,
  maxDelayMs: 5000,
};

/**
 * Assumes the role with the plan's session policy. When the role was just
 * created, AccessDenied is retried within `retry`'s limit, saying so once.
 */
export async function assumeRole(
  sts: STSClient,
  role: EnsuredRole,
  step: TemporaryCredentialsStep,
  log: (line: string) => void,
  retry: RetryOptions = NEW_ROLE_RETRY,
): Promise<SessionCredentials> {
  const attempt = () =>
    sts.send(
      new AssumeRoleCommand({
        RoleArn: role.arn,
        RoleSessionName: step.sessionName,
        Policy: JSON.stringify(step.policy),
        DurationSeconds: step.durationSeconds,
      }),
    );
  const { Credentials } = await retryWithin(
    attempt,
    (error) => role.created && isAwsError(error, "AccessDenied", "AccessDeniedException"),
    retry,
    () => log("Waiting for the new role to become usable (IAM takes a few seconds)..."),
  );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken) {
    throw new CliError("AssumeRole returned no credentials");
  }
  return {
    AccessKeyId: Credentials.AccessKeyId,
    SecretAccessKey: Credentials.SecretAccessKey,
    SessionToken: Credentials.SessionToken,
    Expiration: Credentials.Expiration ?? new Date(),
  };
}
