import {
  GetBucketAclCommand,
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { describeError } from "../error-line.ts";

/** What one check of `debug-bucket` found. */
export type CheckResult =
  | { readonly kind: "ok"; readonly response: Record<string, unknown> }
  | { readonly kind: "failed"; readonly error: string }
  /** The server answered without the data asked for (it does not implement the call). */
  | { readonly kind: "unavailable"; readonly reason: string };

/** The three checks of `debug-bucket`, in the order they are printed. */
export interface BucketDiagnostics {
  readonly acl: CheckResult;
  readonly policyStatus: CheckResult;
  readonly publicAccessBlock: CheckResult;
}

async function check(
  call: () => Promise<object>,
  /** Why an answer lacks the data asked for, if it does. */
  lacking: (response: Record<string, unknown>) => string | undefined = () => undefined,
): Promise<CheckResult> {
  try {
    const { $metadata: _, ...response } = await call() as Record<string, unknown>;
    const reason = lacking(response);
    return reason ? { kind: "unavailable", reason } : { kind: "ok", response };
  } catch (error) {
    return { kind: "failed", error: describeError(error) };
  }
}

/**
 * Runs the bucket ACL, policy status and public access block checks of
 * `bucket` concurrently; each one's failure is recorded, never thrown, so
 * one failing check does not hide the others. A GetBucketPolicyStatus
 * answer without a PolicyStatus (or with an empty one: servers that do not
 * implement the call, such as moto) is reported as unavailable.
 */
export async function diagnoseBucket(s3: S3Client, bucket: string): Promise<BucketDiagnostics> {
  const [acl, policyStatus, publicAccessBlock] = await Promise.all([
    check(() => s3.send(new GetBucketAclCommand({ Bucket: bucket }))),
    check(
      () => s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket })),
      // The SDK fills PolicyStatus from whatever body came back: moto's bucket listing
      // gives `{}`, so a status without IsPublic is as good as none.
      (response) =>
        (response.PolicyStatus as { IsPublic?: boolean } | undefined)?.IsPublic === undefined
          ? "the server's GetBucketPolicyStatus answer has no PolicyStatus"
          : undefined,
    ),
    check(() => s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))),
  ]);
  return { acl, policyStatus, publicAccessBlock };
}
