// Expected values shared by several tests, written out from the reference tool's output.
import type { CreateRequest } from "../../lib/policy/create-plan.ts";

/** `policy my-s3-bucket --prefix my-prefix/` as the reference prints it, no newline. */
export const PREFIX_POLICY_EXAMPLE = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:GetBucketLocation"
            ],
            "Resource": [
                "arn:aws:s3:::my-s3-bucket"
            ]
        },
        {
            "Effect": "Allow",
            "Action": [
                "s3:ListBucket"
            ],
            "Resource": [
                "arn:aws:s3:::my-s3-bucket"
            ],
            "Condition": {
                "StringLike": {
                    "s3:prefix": [
                        "my-prefix/*"
                    ]
                }
            }
        },
        {
            "Effect": "Allow",
            "Action": [
                "s3:GetObject",
                "s3:GetObjectAcl",
                "s3:GetObjectLegalHold",
                "s3:GetObjectRetention",
                "s3:GetObjectTagging"
            ],
            "Resource": [
                "arn:aws:s3:::my-s3-bucket/my-prefix/*"
            ]
        },
        {
            "Effect": "Allow",
            "Action": [
                "s3:PutObject",
                "s3:DeleteObject"
            ],
            "Resource": [
                "arn:aws:s3:::my-s3-bucket/my-prefix/*"
            ]
        }
    ]
}`;

/** The public bucket policy for `bucket` (anyone may GetObject) with 4-space indent, no newline. */
export function expectedPublicPolicy(bucket: string): string {
  return `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowAllGetObject",
            "Effect": "Allow",
            "Principal": "*",
            "Action": [
                "s3:GetObject"
            ],
            "Resource": [
                "arn:aws:s3:::${bucket}/*"
            ]
        }
    ]
}`;
}

/** A `create` request for bucket `bkt` with every option at its default. */
export function createRequest(overrides: Partial<CreateRequest> = {}): CreateRequest {
  return {
    buckets: ["bkt"],
    permission: "read-write",
    prefixes: [],
    statements: [],
    createBucket: false,
    public: false,
    website: false,
    ...overrides,
  };
}

/** Expected read-write statements for `bucket` and every key. */
export function readWriteStatements(bucket: string) {
  return [
    {
      Effect: "Allow",
      Action: ["s3:ListBucket", "s3:GetBucketLocation"],
      Resource: [`arn:aws:s3:::${bucket}`],
    },
    {
      Effect: "Allow",
      Action: [
        "s3:GetObject",
        "s3:GetObjectAcl",
        "s3:GetObjectLegalHold",
        "s3:GetObjectRetention",
        "s3:GetObjectTagging",
      ],
      Resource: [`arn:aws:s3:::${bucket}/*`],
    },
    {
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: [`arn:aws:s3:::${bucket}/*`],
    },
  ];
}
