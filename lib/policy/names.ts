import type { Permission } from "./types.ts";

/** IAM user names and role session names may be at most 64 characters. */
export const MAX_NAME_LENGTH = 64;

/** `custom` when the user shaped the policy (`--policy` or `--statement`), else the permission. */
export function policyLabel(permission: Permission, custom: boolean): string {
  return custom ? "custom" : permission;
}

/** Default user name: `s3.read-write.bucket1,bucket2`. */
export function defaultUsername(label: string, buckets: readonly string[]): string {
  return `s3.${label}.${buckets.join(",")}`;
}

/** Name of the inline policy attached for one bucket: `s3.read-write.bucket`. */
export function inlinePolicyName(label: string, bucket: string): string {
  return `s3.${label}.${bucket}`;
}

/**
 * Role session name `s3.label.bucket1,bucket2`, cut to the 64 characters STS
 * allows (it only labels the session in CloudTrail).
 */
export function roleSessionName(label: string, buckets: readonly string[]): string {
  return `s3.${label}.${buckets.join(",")}`.slice(0, MAX_NAME_LENGTH);
}
