import type { PolicyDocument } from "../policy/types.ts";

/** Bucket policy that lets anyone download any object of `bucket` (for `--public` and `--website`). */
export function publicBucketPolicy(bucket: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowAllGetObject",
        Effect: "Allow",
        Principal: "*",
        Action: ["s3:GetObject"],
        Resource: [`arn:aws:s3:::${bucket}/*`],
      },
    ],
  };
}

/** Public access block settings that allow a public bucket policy. */
export const PUBLIC_ACCESS_BLOCK = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
} as const;

/** Website settings applied by `--website`. */
export const WEBSITE_CONFIGURATION = {
  ErrorDocument: { Key: "error.html" },
  IndexDocument: { Suffix: "index.html" },
} as const;
