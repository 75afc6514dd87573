import { AttachRolePolicyCommand, GetRoleCommand } from "@aws-sdk/client-iam";
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
import type { AwsClients } from "../aws/clients.ts";
import { isAwsError, isNoSuchEntity } from "../aws/service-errors.ts";
import { type RetryOptions, retryWithin } from "../aws/retry.ts";
import { createRoleOnce } from "./unanswered-create.ts";

/** The role's ARN, whether this run created it, and whether it is new. */
export interface EnsuredRole {
  arn: string;
  created: boolean;
  /**
   * The role was missing at this run's first look, so it is seconds old
   * (made by this run or a concurrent one): IAM may refuse it for a while.
   */
  recent: boolean;
}

/**
 * Returns the role `name`, creating it when missing: trusted by the
 * caller's account, with AmazonS3FullAccess attached and carrying `tags`. An
 * existing role is used as it is. CreateRole is sent without the SDK's blind
 * retries, and a role made meanwhile by another run is used (see
 * unanswered-create.ts); throws UnsettledError when a lost CreateRole answer
 * could not be settled.
 */
export async function ensureRole(
  clients: Pick<AwsClients, "iam" | "iamSingleAttempt" | "sts">,
  name: string,
  log: (line: string) => void,
  tags: readonly Tag[] = [],
): Promise<EnsuredRole> {
  const { iam } = clients;
  try {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: name }));
    return { arn: Role!.Arn!, created: false, recent: false };
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
  }
  const { Account } = await clients.sts.send(new GetCallerIdentityCommand({}));
  const { arn, created } = await createRoleOnce({ iam, once: clients.iamSingleAttempt }, {
    RoleName: name,
    Description: ROLE_DESCRIPTION,
    MaxSessionDuration: ROLE_MAX_SESSION_SECONDS,
    AssumeRolePolicyDocument: JSON.stringify(roleTrustPolicy(Account!)),
    Tags: tags,
  });
  // A role another run made may not have its policy yet; attaching it again changes nothing.
  await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: S3_FULL_ACCESS_ARN }));
  if (created) log(`Created role: ${name}`);
  return { arn, created, recent: true };
}

/** A new role may be refused for some seconds while IAM propagates it. */
export const NEW_ROLE_RETRY: RetryOptions = {
  limitMs: 30_000,
  firstDelayMs: 1000,
  maxDelayMs: 5000,
};

/**
 * Assumes the role with the plan's session policy. When the role is
 * recent, AccessDenied is retried within `retry`'s limit, saying so once.
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
    (error) => role.recent && isAwsError(error, "AccessDenied", "AccessDeniedException"),
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
