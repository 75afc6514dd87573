import type { PolicyDocument } from "./types.ts";

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
