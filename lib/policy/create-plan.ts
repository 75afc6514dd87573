import { UsageError } from "../errors.ts";
import { publicBucketPolicy } from "./public-bucket.ts";
import { combinedCustomPolicy, customPolicyFor } from "./custom.ts";
import {
  defaultUsername,
  inlinePolicyName,
  MAX_NAME_LENGTH,
  policyLabel,
  roleSessionName,
} from "./names.ts";
import { ROLE_NAME, S3_FULL_ACCESS_ARN, S3_READ_ONLY_ACCESS_ARN } from "./role.ts";
import { withExpiry } from "./expiry.ts";
import {
  type AccessConditions,
  conditionWords,
  isUnconditional,
  withConditions,
} from "./conditions.ts";
import {
  checkPolicySize,
  POLICY_SIZE_REMEDY,
  SESSION_POLICY_LIMIT,
  USER_POLICIES_LIMIT,
} from "./policy-size.ts";
import { bucketPolicy, combinedPolicy } from "./permission-statements.ts";
import { createdEntityTags, type Tag } from "./tags.ts";
import type { ExtraStatement, Permission, PolicyDocument } from "./types.ts";

/** Everything `create` was asked to do, already parsed and validated. */
export interface CreateRequest {
  buckets: string[];
  permission: Permission;
  prefixes: string[];
  statements: ExtraStatement[];
  /** Text of a custom `--policy`, with `$!BUCKET_NAME!$` placeholders. */
  policyText?: string;
  /** Seconds; temporary credentials when set, a user and access key otherwise. */
  durationSeconds?: number;
  username?: string;
  createBucket: boolean;
  public: boolean;
  website: boolean;
  bucketRegion?: string;
  /** An ARN, or `none` for no boundary. */
  userPermissionsBoundary?: string;
  /** `--expires` as an isoSeconds time: every inline policy ends with a Deny after it. */
  expires?: string;
  /** `--source-ip`, `--vpc-endpoint`, `--require-tls`: final Deny statements of every policy. */
  conditions?: AccessConditions;
  /** Appended to the default user name of an expiring or conditional user, unique to this run. */
  runSuffix?: string;
  /** `--tag` values, for the users, roles and buckets this run creates. */
  tags?: Tag[];
}

/** How to create one bucket when it is missing. */
export interface BucketStep {
  bucket: string;
  /** Region for CreateBucket's LocationConstraint; undefined for us-east-1 or the default. */
  region?: string;
  /** Bucket policy making objects public (`--public` or `--website`). */
  publicPolicy?: PolicyDocument;
  website: boolean;
  /** The user's `--tag` values, set on the bucket when this run creates it. */
  tags: Tag[];
}

export interface TemporaryCredentialsStep {
  kind: "temporary";
  roleName: string;
  durationSeconds: number;
  sessionName: string;
  /** Session policy narrowing the role to the buckets. */
  policy: unknown;
  /** Tags for the role, should this run create it. */
  roleTags: Tag[];
}

export interface PermanentCredentialsStep {
  kind: "permanent";
  username: string;
  /** Permissions boundary for a user this run creates; undefined for none. */
  boundary?: string;
  /** One inline policy a bucket. */
  policies: { name: string; document: unknown }[];
  /** Tags for the user, should this run create it. */
  tags: Tag[];
  /** When the user's policies stop allowing anything (isoSeconds), if they do. */
  expires?: string;
  /** Where the user's keys work from, if restricted. */
  conditions?: AccessConditions;
}

/** What `create` will do, as data: printed by `--dry-run`, carried out otherwise. */
export interface CreatePlan {
  buckets: BucketStep[];
  createMissingBuckets: boolean;
  credentials: TemporaryCredentialsStep | PermanentCredentialsStep;
}

/** Builds the plan for a `create` request. Throws UsageError for names AWS would refuse. */
export function planCreate(request: CreateRequest): CreatePlan {
  const custom = request.policyText !== undefined || request.statements.length > 0;
  const label = policyLabel(request.permission, custom);
  const policyRequest = {
    permission: request.permission,
    prefixes: request.prefixes,
    statements: request.statements,
  };
  const region = request.bucketRegion === "us-east-1" ? undefined : request.bucketRegion;
  const buckets = request.buckets.map((bucket) => ({
    bucket,
    region,
    publicPolicy: request.public || request.website ? publicBucketPolicy(bucket) : undefined,
    website: request.website,
    tags: request.tags ?? [],
  }));
  const policyText = request.policyText;
  if (request.durationSeconds !== undefined) {
    return {
      buckets,
      createMissingBuckets: request.createBucket,
      credentials: {
        kind: "temporary",
        roleName: ROLE_NAME,
        durationSeconds: request.durationSeconds,
        sessionName: roleSessionName(label, request.buckets),
        policy: sessionPolicy(request, policyText, policyRequest),
        roleTags: createdEntityTags(label, request.buckets, request.tags),
      },
    };
  }
  const conditional = !isUnconditional(request.conditions);
  const tags = createdEntityTags(
    label,
    request.buckets,
    request.tags,
    request.expires,
    conditional ? conditionWords(request.conditions!) : [],
  );
  const username = request.username ?? userNameFor(request, label);
  if (username.length > MAX_NAME_LENGTH) {
    throw new UsageError(
      `user name '${username}' is longer than ${MAX_NAME_LENGTH} characters, ` +
        "which IAM refuses: choose one with --username",
    );
  }
  const policies = request.buckets.map((bucket) => ({
    name: inlinePolicyName(label, bucket),
    document: withExpiry(
      withConditions(
        policyText !== undefined
          ? customPolicyFor(policyText, bucket)
          : bucketPolicy(bucket, policyRequest),
        request.conditions,
      ),
      request.expires,
    ),
  }));
  checkPolicySize(
    `the inline policies of user ${username}`,
    policies.map((policy) => policy.document),
    USER_POLICIES_LIMIT,
    POLICY_SIZE_REMEDY,
  );
  return {
    buckets,
    createMissingBuckets: request.createBucket,
    credentials: {
      kind: "permanent",
      username,
      boundary: userBoundary(request, custom),
      policies,
      tags,
      ...(request.expires === undefined ? {} : { expires: request.expires }),
      ...(conditional ? { conditions: request.conditions } : {}),
    },
  };
}

function sessionPolicy(
  request: CreateRequest,
  policyText: string | undefined,
  policyRequest: Parameters<typeof combinedPolicy>[1],
): unknown {
  const policy = withConditions(
    policyText !== undefined
      ? combinedCustomPolicy(policyText, request.buckets)
      : combinedPolicy(request.buckets, policyRequest),
    request.conditions,
  );
  checkPolicySize("the session policy", [policy], SESSION_POLICY_LIMIT, POLICY_SIZE_REMEDY);
  return policy;
}

/**
 * The default name; an expiring or conditional user's ends in the run's
 * suffix, cut to IAM's length, since its Deny statements cover the whole user.
 */
function userNameFor(request: CreateRequest, label: string): string {
  const name = defaultUsername(label, request.buckets);
  const ownUser = request.expires !== undefined || !isUnconditional(request.conditions);
  if (!ownUser || request.runSuffix === undefined) return name;
  const suffix = `.${request.runSuffix}`;
  return name.slice(0, MAX_NAME_LENGTH - suffix.length) + suffix;
}

function userBoundary(request: CreateRequest, custom: boolean): string | undefined {
  const chosen = request.userPermissionsBoundary;
  if (chosen === "none") return undefined;
  if (chosen) return chosen;
  if (custom) return undefined;
  return request.permission === "read-only" ? S3_READ_ONLY_ACCESS_ARN : S3_FULL_ACCESS_ARN;
}
