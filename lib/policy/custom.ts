import type { PolicyDocument } from "./types.ts";

/** Placeholder replaced by the bucket name in a custom `--policy`. */
export const BUCKET_PLACEHOLDER = "$!BUCKET_NAME!$";

/** The custom policy text with every placeholder replaced by `bucket`, parsed. */
export function customPolicyFor(policyText: string, bucket: string): unknown {
  return JSON.parse(policyText.replaceAll(BUCKET_PLACEHOLDER, bucket));
}

/**
 * One session policy from a custom policy and several buckets: the document
 * of the first bucket, with the statements of every other bucket's document
 * appended (the reference substituted only the last bucket). Policies
 * without the placeholder, or that are not documents with a Statement list,
 * are used as they are.
 */
export function combinedCustomPolicy(policyText: string, buckets: readonly string[]): unknown {
  const first = customPolicyFor(policyText, buckets[0]);
  if (buckets.length === 1 || !policyText.includes(BUCKET_PLACEHOLDER)) return first;
  if (!isDocument(first)) return first;
  const statements = buckets.flatMap((bucket, i) => {
    const document = customPolicyFor(policyText, bucket) as PolicyDocument;
    const list = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    // IAM refuses a policy whose statement IDs repeat: number the later copies.
    return list.map((statement) =>
      i > 0 && typeof statement.Sid === "string"
        ? { ...statement, Sid: `${statement.Sid}${i + 1}` }
        : statement
    );
  });
  return { ...first, Statement: statements };
}

function isDocument(value: unknown): value is PolicyDocument {
  return typeof value === "object" && value !== null && "Statement" in value;
}
