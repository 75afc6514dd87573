/**
 * The rows the account commands print: AWS's data with its keys in the
 * Python tool's order (see columns.ts) and the names it printed. Pure: no I/O.
 *
 * @module
 */

import type { User } from "@aws-sdk/client-iam";
import type { InlinePolicy, ListedBucket, ListedRole } from "./account-listings.ts";
import { websiteUrl } from "../bucket/website-url.ts";
import {
  BUCKET_DETAILS_ORDER,
  CALLER_IDENTITY_ORDER,
  inKeyOrder,
  ROLE_DETAILS_ORDER,
  USER_INLINE_POLICY_ORDER,
  USER_ORDER,
} from "./columns.ts";
import type { Item } from "./listing.ts";

/** A user of `list-users`. */
export function userRow(user: User): Item {
  return inKeyOrder(user, USER_ORDER) as Item;
}

/** An inline policy of `list-user-policies --nl/--csv/--tsv`. */
export function userPolicyRow(policy: InlinePolicy): Item {
  return inKeyOrder(policy, USER_INLINE_POLICY_ORDER) as Item;
}

/** A role of `list-roles`, with `inline_policies` and `attached_policies` when it has details. */
export function roleRow({ role, details }: ListedRole): Item {
  const extra = details &&
    { inline_policies: details.inlinePolicies, attached_policies: details.attachedPolicies };
  return inKeyOrder({ ...role, ...extra }, ROLE_DETAILS_ORDER) as Item;
}

/**
 * A bucket of `list-buckets`: `{Name, CreationDate}`, and with details
 * `region`, `bucket_acl`, `public_access_block` and `bucket_website` (with
 * its `url`; null when the bucket is not a website).
 */
export function bucketRow({ bucket, details }: ListedBucket): Item {
  const extra = details && {
    region: details.region,
    bucket_acl: details.acl,
    public_access_block: details.publicAccessBlock,
    bucket_website: details.website &&
      { ...details.website, url: websiteUrl(bucket.Name as string, details.region) },
  };
  return inKeyOrder({ ...bucket, ...extra }, BUCKET_DETAILS_ORDER) as Item;
}

/** What `whoami` prints: `{UserId, Account, Arn}`. */
export function callerIdentityRow(identity: object): Item {
  return inKeyOrder(identity, CALLER_IDENTITY_ORDER) as Item;
}
