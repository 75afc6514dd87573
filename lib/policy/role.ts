/** The role assumed for temporary credentials; the session policy narrows it. */
export const ROLE_NAME = "s3-credentials.AmazonS3FullAccess";

export const ROLE_DESCRIPTION =
  "Role used by the s3-credentials tool to create time-limited credentials that are restricted to specific buckets";

/** Twelve hours, the longest `--duration` accepts. */
export const ROLE_MAX_SESSION_SECONDS = 43200;

export const S3_FULL_ACCESS_ARN = "arn:aws:iam::aws:policy/AmazonS3FullAccess";
export const S3_READ_ONLY_ACCESS_ARN = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

/** Trust policy letting principals of `accountId` assume the role. */
export function roleTrustPolicy(accountId: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: "sts:AssumeRole",
      },
    ],
  };
}
