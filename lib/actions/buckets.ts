import {
  CreateBucketCommand,
  type CreateBucketCommandInput,
  HeadBucketCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketWebsiteCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { CliError } from "../errors.ts";
import { ALLOW_PUBLIC_ACCESS } from "../bucket/public-access-block.ts";
import { WEBSITE_CONFIGURATION } from "../bucket/website.ts";
import type { BucketStep } from "../policy/create-plan.ts";
import { httpStatusOf } from "../aws/service-errors.ts";

/** Whether a bucket can be used, as HeadBucket tells. */
export type BucketState = "exists" | "missing";

/**
 * Asks S3 whether `bucket` exists. A 404 means missing; a 403 means it
 * exists but is not ours to use, which is an error (creating it would fail).
 * Other failures (credentials, network) are not taken for "missing".
 */
export async function bucketState(s3: S3Client, bucket: string): Promise<BucketState> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return "exists";
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 404) return "missing";
    // 301: the bucket is in another region, which is fine for credentials.
    if (status === 301) return "exists";
    if (status === 403) {
      throw new CliError(
        `Access denied to bucket ${bucket} (403 Forbidden): these credentials lack ` +
          "s3:ListBucket on it, or it belongs to another AWS account",
      );
    }
    throw error;
  }
}

/** Creates a missing bucket (in the plan's region); configureCreatedBucket does the rest. */
export async function createBucket(
  s3: S3Client,
  step: BucketStep,
  log: (line: string) => void,
): Promise<void> {
  const input: CreateBucketCommandInput = { Bucket: step.bucket };
  if (step.region) input.CreateBucketConfiguration = { LocationConstraint: step.region as never };
  await s3.send(new CreateBucketCommand(input));
  log(
    step.region
      ? `Created bucket: ${step.bucket} in region: ${step.region}`
      : `Created bucket: ${step.bucket}`,
  );
}

/** Tags a bucket this run created and, as the plan says, makes it public and a website. */
export async function configureCreatedBucket(
  s3: S3Client,
  step: BucketStep,
  log: (line: string) => void,
): Promise<void> {
  if (step.tags.length > 0) {
    await s3.send(
      new PutBucketTaggingCommand({ Bucket: step.bucket, Tagging: { TagSet: [...step.tags] } }),
    );
    log(`Tagged bucket: ${step.bucket}`);
  }
  if (step.publicPolicy) {
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: step.bucket,
        PublicAccessBlockConfiguration: { ...ALLOW_PUBLIC_ACCESS },
      }),
    );
    log("Set public access block configuration");
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: step.bucket,
        Policy: JSON.stringify(step.publicPolicy),
      }),
    );
    log("Attached bucket policy allowing public access");
  }
  if (step.website) {
    await s3.send(
      new PutBucketWebsiteCommand({
        Bucket: step.bucket,
        WebsiteConfiguration: {
          ErrorDocument: { ...WEBSITE_CONFIGURATION.ErrorDocument },
          IndexDocument: { ...WEBSITE_CONFIGURATION.IndexDocument },
        },
      }),
    );
    log("Configured website: IndexDocument=index.html, ErrorDocument=error.html");
  }
}
