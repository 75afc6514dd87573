// IAM's size limits for policies, checked before anything is created, so a
// run never fails halfway because a policy grew too large.
import { UsageError } from "../errors.ts";

/** Characters IAM allows for all inline policies of one user together. */
export const USER_POLICIES_LIMIT = 2048;
/** Characters IAM allows for all inline policies of one role together. */
export const ROLE_POLICIES_LIMIT = 10240;
/** Characters STS allows for a session policy. */
export const SESSION_POLICY_LIMIT = 2048;

/**
 * Size of `document` as IAM counts it: whitespace outside strings is not
 * counted, so this is the length of its compact JSON (what we send).
 */
export function policySize(document: unknown): number {
  return JSON.stringify(document).length;
}

const grouped = (n: number) => n.toLocaleString("en-US");

/**
 * Throws a UsageError when `documents` together exceed `limit`. `what`
 * names them (`the inline policies of user s3.read-write.bkt`), `remedy`
 * says how to make them smaller.
 */
export function checkPolicySize(
  what: string,
  documents: readonly unknown[],
  limit: number,
  remedy: string,
): void {
  const size = documents.reduce((sum: number, document) => sum + policySize(document), 0);
  if (size > limit) {
    throw new UsageError(
      `${what} would be ${grouped(size)} characters (whitespace not counted), over IAM's ` +
        `limit of ${grouped(limit)}: ${remedy}`,
    );
  }
}

/** What to do about a user's or a session's policy that is too large. */
export const POLICY_SIZE_REMEDY =
  "use fewer prefixes or --statement entries, one user per bucket, or a shorter --policy " +
  "(or attach a managed policy to the user yourself)";
