// Bucket name arguments: existing buckets (legacy names allowed) and buckets about to be created.
import { bucketNameProblem, legacyBucketNameProblem } from "../../bucket/name.ts";
import { UsageError } from "../../errors.ts";

/**
 * Checks the name of an existing bucket: today's S3 naming rules or the
 * legacy ones older us-east-1 buckets still have; throws why it is invalid.
 */
export function parseBucketName(name: string): string {
  const problem = legacyBucketNameProblem(name);
  if (problem) throw new Error(`'${name}' is not a valid bucket name: it ${problem}`);
  return name;
}

/** Checks the name of a bucket about to be created against today's S3 naming rules. */
export function checkNewBucketName(name: string): void {
  const problem = bucketNameProblem(name);
  if (problem) {
    throw new UsageError(
      `Invalid value for 'BUCKETS': '${name}' is not a valid name for a new bucket: it ${problem}`,
    );
  }
}

/** Positional list of bucket names, each checked against the S3 naming rules. */
export const bucketsPositional = {
  kind: "array",
  minimum: 1,
  parameter: { brief: "Bucket names", placeholder: "BUCKETS", parse: parseBucketName },
} as const;

/** One bucket name, checked against the S3 naming rules. */
export const bucketParameter = {
  brief: "Bucket name",
  placeholder: "BUCKET",
  parse: parseBucketName,
} as const;

/** A command's only positional argument: one bucket. */
export const bucketPositional = { kind: "tuple", parameters: [bucketParameter] } as const;

/**
 * Splits `BUCKET [KEYS]...` (an array positional, so the usage line can
 * read like the reference's) and checks the bucket name.
 */
export function checkBucketAndKeys(args: readonly string[]): [string, string[]] {
  if (args.length === 0) throw new UsageError("Missing argument 'BUCKET'.");
  const [bucket, ...rest] = args;
  try {
    parseBucketName(bucket);
  } catch (error) {
    throw new UsageError(`Invalid value for 'BUCKET': ${(error as Error).message}`);
  }
  return [bucket, rest];
}
