import type { TemporaryCredentialsStep } from "./create-plan.ts";
import { policyLabel, roleSessionName } from "./names.ts";
import { ROLE_NAME } from "./role.ts";
import { combinedPolicy } from "./permission-statements.ts";
import { createdEntityTags } from "./tags.ts";
import { type AccessConditions, withConditions } from "./conditions.ts";
import { checkPolicySize, POLICY_SIZE_REMEDY, SESSION_POLICY_LIMIT } from "./policy-size.ts";
import type { ExtraStatement, Permission } from "./types.ts";

/** What `localserver` serves: credentials for one bucket. */
export interface LocalServerSession {
  bucket: string;
  permission: Permission;
  /** Raw `--prefix` values. */
  prefixes: readonly string[];
  statements: readonly ExtraStatement[];
  durationSeconds: number;
  /** `--source-ip`, `--vpc-endpoint`, `--require-tls`, when given. */
  conditions?: AccessConditions;
}

/**
 * The AssumeRole step behind every credential set `localserver` serves:
 * session name `s3.{label}.{bucket}` — `custom` with `--statement`, as in
 * `create` (the reference always used the permission word) — and the
 * combined session policy for the bucket, ending in the condition
 * statements. Throws a UsageError when that policy is over STS's size limit.
 */
export function localServerSessionStep(session: LocalServerSession): TemporaryCredentialsStep {
  const label = policyLabel(session.permission, session.statements.length > 0);
  const policy = withConditions(
    combinedPolicy([session.bucket], {
      permission: session.permission,
      prefixes: session.prefixes,
      statements: session.statements,
    }),
    session.conditions,
  );
  checkPolicySize("the session policy", [policy], SESSION_POLICY_LIMIT, POLICY_SIZE_REMEDY);
  return {
    kind: "temporary",
    roleName: ROLE_NAME,
    durationSeconds: session.durationSeconds,
    sessionName: roleSessionName(label, [session.bucket]),
    policy,
    roleTags: createdEntityTags(label, [session.bucket]),
  };
}
