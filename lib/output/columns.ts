/**
 * Key orders of the AWS objects the account commands print (the Python tool's) and
 * the CSV/TSV columns of their listings. Pure: no I/O.
 *
 * @module
 */

import { PUBLIC_ACCESS_BLOCK_KEYS } from "../bucket/public-access-block.ts";
import { isPlainObject } from "./json.ts";

/**
 * The printed order of an object's keys: each key maps to the order of its
 * value's members (applied to every element when the value is an array), or
 * to null for a value printed as it is (strings, dates, policy documents).
 */
export type KeyOrder = { readonly [key: string]: KeyOrder | null };

/** Keys whose values are printed as they are. */
function flat(...keys: readonly string[]): KeyOrder {
  return Object.fromEntries(keys.map((key) => [key, null]));
}

const TAG = flat("Key", "Value");
const PERMISSIONS_BOUNDARY = flat("PermissionsBoundaryType", "PermissionsBoundaryArn");

export const CALLER_IDENTITY_ORDER = flat("UserId", "Account", "Arn");

export const USER_ORDER: KeyOrder = {
  ...flat("Path", "UserName", "UserId", "Arn", "CreateDate", "PasswordLastUsed"),
  PermissionsBoundary: PERMISSIONS_BOUNDARY,
  Tags: TAG,
};

export const ROLE_ORDER: KeyOrder = {
  ...flat(
    "Path",
    "RoleName",
    "RoleId",
    "Arn",
    "CreateDate",
    "AssumeRolePolicyDocument",
    "Description",
    "MaxSessionDuration",
  ),
  PermissionsBoundary: PERMISSIONS_BOUNDARY,
  Tags: TAG,
  RoleLastUsed: flat("LastUsedDate", "Region"),
};

/** GetRolePolicy's answer, one entry of `inline_policies`. */
export const ROLE_INLINE_POLICY_ORDER = flat("RoleName", "PolicyName", "PolicyDocument");

/** GetUserPolicy's answer: one item of `list-user-policies --nl/--csv/--tsv`. */
export const USER_INLINE_POLICY_ORDER = flat("UserName", "PolicyName", "PolicyDocument");

export const POLICY_VERSION_ORDER = flat("Document", "VersionId", "IsDefaultVersion", "CreateDate");

/** GetPolicy's `Policy`, with its default version appended: one entry of `attached_policies`. */
export const ATTACHED_POLICY_ORDER: KeyOrder = {
  ...flat(
    "PolicyName",
    "PolicyId",
    "Arn",
    "Path",
    "DefaultVersionId",
    "AttachmentCount",
    "PermissionsBoundaryUsageCount",
    "IsAttachable",
    "Description",
    "CreateDate",
    "UpdateDate",
  ),
  Tags: TAG,
  PolicyVersion: POLICY_VERSION_ORDER,
};

/** A role of `list-roles --details`. */
export const ROLE_DETAILS_ORDER: KeyOrder = {
  ...ROLE_ORDER,
  inline_policies: ROLE_INLINE_POLICY_ORDER,
  attached_policies: ATTACHED_POLICY_ORDER,
};

export const BUCKET_ORDER = flat("Name", "CreationDate");

export const BUCKET_ACL_ORDER: KeyOrder = {
  Owner: flat("DisplayName", "ID"),
  Grants: {
    Grantee: flat("DisplayName", "EmailAddress", "ID", "Type", "URI"),
    Permission: null,
  },
};

export const PUBLIC_ACCESS_BLOCK_ORDER = flat(...PUBLIC_ACCESS_BLOCK_KEYS);

export const BUCKET_WEBSITE_ORDER: KeyOrder = {
  RedirectAllRequestsTo: flat("HostName", "Protocol"),
  IndexDocument: flat("Suffix"),
  ErrorDocument: flat("Key"),
  RoutingRules: {
    Condition: flat("HttpErrorCodeReturnedEquals", "KeyPrefixEquals"),
    Redirect: flat(
      "HostName",
      "HttpRedirectCode",
      "Protocol",
      "ReplaceKeyPrefixWith",
      "ReplaceKeyWith",
    ),
  },
  url: null,
};

/** A bucket of `list-buckets --details`. */
export const BUCKET_DETAILS_ORDER: KeyOrder = {
  ...BUCKET_ORDER,
  region: null,
  bucket_acl: BUCKET_ACL_ORDER,
  public_access_block: PUBLIC_ACCESS_BLOCK_ORDER,
  bucket_website: BUCKET_WEBSITE_ORDER,
};

/**
 * A copy of `value` with its keys (and its members' keys, as deep as `order`
 * says) in `order`'s order. Keys `order` does not name are left out, as the
 * reference tool's AWS model left out fields it did not know; undefined
 * members are left out; null members are kept (an explicit "none").
 */
export function inKeyOrder(value: unknown, order: KeyOrder): unknown {
  if (Array.isArray(value)) return value.map((element) => inKeyOrder(element, order));
  if (!isPlainObject(value)) return value;
  const ordered: Record<string, unknown> = {};
  for (const [key, memberOrder] of Object.entries(order)) {
    const member = value[key];
    if (member === undefined) continue;
    ordered[key] = memberOrder && member !== null ? inKeyOrder(member, memberOrder) : member;
  }
  return ordered;
}

/** `list-users --csv/--tsv` (the Python tool's columns, not the JSON key order). */
export const USER_COLUMNS = [
  "UserName",
  "UserId",
  "Arn",
  "Path",
  "CreateDate",
  "PasswordLastUsed",
  "PermissionsBoundary",
  "Tags",
] as const;

/** `list-roles --csv/--tsv`. */
export const ROLE_COLUMNS = [
  "Path",
  "RoleName",
  "RoleId",
  "Arn",
  "CreateDate",
  "AssumeRolePolicyDocument",
  "Description",
  "MaxSessionDuration",
  "PermissionsBoundary",
  "Tags",
  "RoleLastUsed",
] as const;

/** `list-roles --details --csv/--tsv`. */
export const ROLE_DETAILS_COLUMNS = [...ROLE_COLUMNS, "inline_policies", "attached_policies"];

/** `list-buckets --csv/--tsv`. */
export const BUCKET_COLUMNS = ["Name", "CreationDate"] as const;

/**
 * `list-buckets --details --csv/--tsv`: every key of a detailed bucket. The
 * reference's list had no `region` and crashed on it.
 */
export const BUCKET_DETAILS_COLUMNS = Object.keys(BUCKET_DETAILS_ORDER);

/** `list-user-policies --csv/--tsv`. */
export const USER_INLINE_POLICY_COLUMNS = Object.keys(USER_INLINE_POLICY_ORDER);

/** The fields of a `list-access-keys` row, in printed order. */
export const ACCESS_KEY_COLUMNS = [
  "UserName",
  "AccessKeyId",
  "Status",
  "CreateDate",
  "LastUsedDate",
  "LastUsedService",
  "LastUsedRegion",
  "Permission",
  "Buckets",
  "Conditions",
] as const;
