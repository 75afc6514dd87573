import {
  type CORSRule,
  GetBucketCorsCommand,
  PutBucketCorsCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { CliError } from "../errors.ts";
import type { CorsRule } from "../bucket/cors.ts";
import { bucketState } from "./buckets.ts";
import { isAwsError } from "../aws/service-errors.ts";

/**
 * Replaces the CORS configuration of `bucket` with the one `rule`, after
 * checking that the bucket exists (a missing bucket is a clear error).
 */
export async function setCorsRule(s3: S3Client, bucket: string, rule: CorsRule): Promise<void> {
  if (await bucketState(s3, bucket) === "missing") {
    throw new CliError(`Bucket ${bucket} does not exist`);
  }
  await s3.send(
    new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [rule] } }),
  );
}

/** The CORS rules of `bucket`, or undefined when it has no CORS configuration. */
export async function getCorsRules(s3: S3Client, bucket: string): Promise<CORSRule[] | undefined> {
  try {
    const response = await s3.send(new GetBucketCorsCommand({ Bucket: bucket }));
    return response.CORSRules ?? [];
  } catch (error) {
    if (isAwsError(error, "NoSuchCORSConfiguration")) return undefined;
    throw error;
  }
}
