import type { TemporaryCredentialsStep } from "./create-plan.ts";
import { policyLabel, roleSessionName } from "./names.ts";
import { ROLE_NAME } from "./role.ts";
import { combinedPolicy } from "./permission-statements.ts";
import { createdEntityTags } from "./tags.ts";
import type { ExtraStatement, Permission } from "./types.ts";

/** What `localserver` serves: credentials for one bucket. */
export interface LocalServerSession {
  bucket: string;
  permission: Permission;
  /** Raw `--prefix` values. */
  prefixes: readonly string[];
  statements: readonly ExtraStatement[];
  durationSeconds: number;
}

/**
 * The AssumeRole step behind every credential set `localserver` serves:
 * session name `s3.{label}.{bucket}` — `custom` with `--statement`, as in
 * `create` (the reference always used the permission word) — and the
 * combined session policy for the bucket.
 */
export function localServerSessionStep(session: LocalServerSession): TemporaryCredentialsStep {
  const label = policyLabel(session.permission, session.statements.length > 0);
  return {
    kind: "temporary",
    roleName: ROLE_NAME,
    durationSeconds: session.durationSeconds,
    sessionName: roleSessionName(label, [session.bucket]),
    policy: combinedPolicy([session.bucket], {
      permission: session.permission,
      prefixes: session.prefixes,
      statements: session.statements,
    }),
    roleTags: createdEntityTags(label, [session.bucket]),
  };
}
