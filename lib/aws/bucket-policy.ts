import { GetBucketPolicyCommand, PutBucketPolicyCommand, type S3Client } from "@aws-sdk/client-s3";
import { isAwsError } from "./service-errors.ts";

/** The policy text of `bucket`, or undefined when it has no bucket policy. */
export async function getBucketPolicy(s3: S3Client, bucket: string): Promise<string | undefined> {
  try {
    const response = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
    return response.Policy ?? "";
  } catch (error) {
    if (isAwsError(error, "NoSuchBucketPolicy")) return undefined;
    throw error;
  }
}

/** Replaces the bucket policy of `bucket` with `policy` (a JSON document). */
export async function putBucketPolicy(
  s3: S3Client,
  bucket: string,
  policy: unknown,
): Promise<void> {
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
}
