/**
 * What the account listings hold: the IAM, STS and S3 data lib/actions read
 * (policy documents already decoded) and lib/output shapes into printed rows.
 * Types only.
 *
 * @module
 */

import type { Policy, PolicyVersion, Role } from "@aws-sdk/client-iam";
import type {
  Bucket,
  GetBucketAclOutput,
  GetBucketWebsiteOutput,
  PublicAccessBlockConfiguration,
} from "@aws-sdk/client-s3";

/** A role, its trust policy decoded from IAM's URL encoding. */
export type DecodedRole = Omit<Role, "AssumeRolePolicyDocument"> & {
  AssumeRolePolicyDocument?: unknown;
};

/** An inline policy of a user or a role (GetUserPolicy, GetRolePolicy), document decoded. */
export interface InlinePolicy {
  UserName?: string;
  RoleName?: string;
  PolicyName?: string;
  PolicyDocument: unknown;
}

/** A managed policy attached to a role, with its default version (document decoded). */
export type AttachedPolicy = Policy & {
  PolicyVersion: Omit<PolicyVersion, "Document"> & { Document?: unknown };
};

/** A role of `list-roles`; `details` only when they were asked for. */
export interface ListedRole {
  readonly role: DecodedRole;
  readonly details?: {
    readonly inlinePolicies: readonly InlinePolicy[];
    readonly attachedPolicies: readonly AttachedPolicy[];
  };
}

/** A bucket of `list-buckets`; `details` only when they were asked for. */
export interface ListedBucket {
  readonly bucket: Bucket;
  readonly details?: {
    readonly region: string;
    readonly acl: Pick<GetBucketAclOutput, "Owner" | "Grants">;
    /** Null when the bucket has none, or the server does not implement it. */
    readonly publicAccessBlock: PublicAccessBlockConfiguration | null;
    /** Null when the bucket is not a website. */
    readonly website: GetBucketWebsiteOutput | null;
  };
}
