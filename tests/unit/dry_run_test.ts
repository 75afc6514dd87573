// `create --dry-run` output, as full literal text.
import assert from "node:assert/strict";
import { renderDryRun } from "../../lib/output/dry-run.ts";
import { type CreateRequest, planCreate } from "../../lib/policy/create-plan.ts";
import { createRequest } from "../support/fixtures.ts";

function dryRun(overrides: Partial<CreateRequest>): string {
  return renderDryRun(planCreate(createRequest({ buckets: ["bk1"], ...overrides })));
}

Deno.test("dry run: permanent credentials, one bucket, defaults", () => {
  assert.equal(
    dryRun({}),
    `Would create bucket: 'bk1'
Would create user: 's3.read-write.bk1' with permissions boundary: 'arn:aws:iam::aws:policy/AmazonS3FullAccess'
... with tags: {"s3-credentials:permission": "read-write", "s3-credentials:buckets": "bk1"}
Would attach policy called 's3.read-write.bk1' to user 's3.read-write.bk1', details:
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:ListBucket",
                "s3:GetBucketLocation"
            ],
            "Resource": [
                "arn:aws:s3:::bk1"
            ]
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
                "arn:aws:s3:::bk1/*"
            ]
        },
        {
            "Effect": "Allow",
            "Action": [
                "s3:PutObject",
                "s3:DeleteObject"
            ],
            "Resource": [
                "arn:aws:s3:::bk1/*"
            ]
        }
    ]
}
Would call create access key for user 's3.read-write.bk1'
`,
  );
});

Deno.test("dry run: --bucket-region eu-west-1 --website --write-only", () => {
  assert.equal(
    dryRun({ bucketRegion: "eu-west-1", website: true, permission: "write-only" }),
    `Would create bucket: 'bk1' with args {
    "CreateBucketConfiguration": {
        "LocationConstraint": "eu-west-1"
    }
}
... then add this public access block configuration:
{"BlockPublicAcls": false, "IgnorePublicAcls": false, "BlockPublicPolicy": false, "RestrictPublicBuckets": false}
... then attach the following bucket policy to it:
{
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
                "arn:aws:s3:::bk1/*"
            ]
        }
    ]
}
... then configure index.html and error.html website settings
Would create user: 's3.write-only.bk1' with permissions boundary: 'arn:aws:iam::aws:policy/AmazonS3FullAccess'
... with tags: {"s3-credentials:permission": "write-only", "s3-credentials:buckets": "bk1"}
Would attach policy called 's3.write-only.bk1' to user 's3.write-only.bk1', details:
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:PutObject"
            ],
            "Resource": [
                "arn:aws:s3:::bk1/*"
            ]
        }
    ]
}
Would call create access key for user 's3.write-only.bk1'
`,
  );
});

Deno.test("dry run: --public without --website, us-east-1 gives no args", () => {
  const text = dryRun({ bucketRegion: "us-east-1", public: true, permission: "write-only" });
  assert.equal(
    text.split("\n").slice(0, 4).join("\n"),
    `Would create bucket: 'bk1'
... then add this public access block configuration:
{"BlockPublicAcls": false, "IgnorePublicAcls": false, "BlockPublicPolicy": false, "RestrictPublicBuckets": false}
... then attach the following bucket policy to it:`,
  );
  assert.equal(text.includes("website"), false);
});

Deno.test("dry run: temporary credentials, read-only with a prefix", () => {
  assert.equal(
    dryRun({ durationSeconds: 900, permission: "read-only", prefixes: ["my-prefix/"] }),
    `Would create bucket: 'bk1'
Would ensure role: 's3-credentials.AmazonS3FullAccess'
... if this run creates it, with tags: {"s3-credentials:permission": "read-only", "s3-credentials:buckets": "bk1"}
Would assume role using following policy for 900 seconds:
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:GetBucketLocation"
            ],
            "Resource": [
                "arn:aws:s3:::bk1"
            ]
        },
        {
            "Effect": "Allow",
            "Action": [
                "s3:ListBucket"
            ],
            "Resource": [
                "arn:aws:s3:::bk1"
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
                "arn:aws:s3:::bk1/my-prefix/*"
            ]
        }
    ]
}
`,
  );
});

Deno.test("dry run: two buckets, one attach block per bucket", () => {
  assert.equal(
    dryRun({ buckets: ["bk1", "bk2"], permission: "write-only", prefixes: ["logs/"] }),
    `Would create bucket: 'bk1'
Would create bucket: 'bk2'
Would create user: 's3.write-only.bk1,bk2' with permissions boundary: 'arn:aws:iam::aws:policy/AmazonS3FullAccess'
... with tags: {"s3-credentials:permission": "write-only", "s3-credentials:buckets": "bk1 bk2"}
Would attach policy called 's3.write-only.bk1' to user 's3.write-only.bk1,bk2', details:
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:PutObject"
            ],
            "Resource": [
                "arn:aws:s3:::bk1/logs/*"
            ]
        }
    ]
}
Would attach policy called 's3.write-only.bk2' to user 's3.write-only.bk1,bk2', details:
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:PutObject"
            ],
            "Resource": [
                "arn:aws:s3:::bk2/logs/*"
            ]
        }
    ]
}
Would call create access key for user 's3.write-only.bk1,bk2'
`,
  );
});

Deno.test("dry run: custom --statement and no boundary", () => {
  const text = dryRun({
    permission: "write-only",
    statements: [{ Effect: "Allow", Action: "textract:*", Resource: "*" }],
  });
  assert.equal(
    text,
    `Would create bucket: 'bk1'
Would create user: 's3.custom.bk1'
... with tags: {"s3-credentials:permission": "custom", "s3-credentials:buckets": "bk1"}
Would attach policy called 's3.custom.bk1' to user 's3.custom.bk1', details:
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:PutObject"
            ],
            "Resource": [
                "arn:aws:s3:::bk1/*"
            ]
        },
        {
            "Effect": "Allow",
            "Action": "textract:*",
            "Resource": "*"
        }
    ]
}
Would call create access key for user 's3.custom.bk1'
`,
  );
});
