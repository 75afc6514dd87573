// Call-level tests of `create`'s bucket step: HeadBucket, and creating missing buckets.
Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

import assert from "node:assert/strict";
import { CreateAccessKeyCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
import { executeCreate } from "../../lib/actions/create.ts";
import { CliError } from "../../lib/errors.ts";
import { planCreate } from "../../lib/policy/create-plan.ts";
import { fakeAws, headBucketError, OTHER_REGION } from "../support/aws_mocks.ts";
import { createRequest } from "../support/fixtures.ts";

type Aws = ReturnType<typeof fakeAws>;

function withAccessKey(aws: Aws, username = "s3.read-write.bkt"): void {
  aws.iam.on(CreateAccessKeyCommand).resolves({
    AccessKey: {
      UserName: username,
      AccessKeyId: "AKIAEXAMPLE",
      Status: "Active",
      SecretAccessKey: "secret",
    },
  });
}

const USER_LOGS = [
  "Created user: 's3.read-write.bkt' with permissions boundary: " +
  "'arn:aws:iam::aws:policy/AmazonS3FullAccess'",
  "Attached policy s3.read-write.bkt to user s3.read-write.bkt",
  "Created access key for user: s3.read-write.bkt",
];

Deno.test("create -c --website: a missing bucket is created, made public, then a website", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).rejects(headBucketError(404));
  withAccessKey(aws);

  await executeCreate(
    planCreate(createRequest({ createBucket: true, public: true, website: true })),
    aws.deps,
  );

  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "s3:CreateBucket",
    "s3:PutPublicAccessBlock",
    "s3:PutBucketPolicy",
    "s3:PutBucketWebsite",
    "iam:CreateUser",
    "iam:PutUserPolicy",
    "iam:CreateAccessKey",
  ]);
  assert.deepEqual(aws.s3InRegions, [undefined]);
  assert.deepEqual(aws.inputs("s3:CreateBucket"), [{ Bucket: "bkt" }]);
  assert.deepEqual(aws.inputs("s3:PutPublicAccessBlock"), [{
    Bucket: "bkt",
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: false,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    },
  }]);
  const [policy] = aws.inputs("s3:PutBucketPolicy");
  assert.equal(policy.Bucket, "bkt");
  assert.deepEqual(JSON.parse(policy.Policy), {
    Version: "2012-10-17",
    Statement: [{
      Sid: "AllowAllGetObject",
      Effect: "Allow",
      Principal: "*",
      Action: ["s3:GetObject"],
      Resource: ["arn:aws:s3:::bkt/*"],
    }],
  });
  assert.deepEqual(aws.inputs("s3:PutBucketWebsite"), [{
    Bucket: "bkt",
    WebsiteConfiguration: {
      ErrorDocument: { Key: "error.html" },
      IndexDocument: { Suffix: "index.html" },
    },
  }]);
  assert.deepEqual(aws.logs, [
    "Created bucket: bkt",
    "Set public access block configuration",
    "Attached bucket policy allowing public access",
    "Configured website: IndexDocument=index.html, ErrorDocument=error.html",
    ...USER_LOGS,
  ]);
  assert.deepEqual(aws.warnings, []);
});

Deno.test("create -c --public: a public bucket gets no website", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).rejects(headBucketError(404));
  withAccessKey(aws);

  await executeCreate(planCreate(createRequest({ createBucket: true, public: true })), aws.deps);

  assert.deepEqual(aws.ops().filter((op) => op.startsWith("s3")), [
    "s3:HeadBucket",
    "s3:CreateBucket",
    "s3:PutPublicAccessBlock",
    "s3:PutBucketPolicy",
  ]);
  assert.deepEqual(aws.logs.slice(0, 3), [
    "Created bucket: bkt",
    "Set public access block configuration",
    "Attached bucket policy allowing public access",
  ]);
});

Deno.test("create -c --bucket-region: the bucket is created there with a LocationConstraint", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).rejects(headBucketError(404));
  withAccessKey(aws);

  await executeCreate(
    planCreate(createRequest({ createBucket: true, bucketRegion: OTHER_REGION })),
    aws.deps,
  );

  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    `s3@${OTHER_REGION}:CreateBucket`,
    "iam:CreateUser",
    "iam:PutUserPolicy",
    "iam:CreateAccessKey",
  ]);
  assert.deepEqual(aws.s3InRegions, [OTHER_REGION]);
  assert.deepEqual(aws.s3Other.commandCalls(CreateBucketCommand).map((c) => c.args[0].input), [
    { Bucket: "bkt", CreateBucketConfiguration: { LocationConstraint: OTHER_REGION } },
  ]);
  assert.equal(aws.logs[0], `Created bucket: bkt in region: ${OTHER_REGION}`);
});

Deno.test("create -c --bucket-region us-east-1: no LocationConstraint, which AWS would refuse", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).rejects(headBucketError(404));
  withAccessKey(aws);

  await executeCreate(
    planCreate(createRequest({ createBucket: true, bucketRegion: "us-east-1" })),
    aws.deps,
  );

  assert.deepEqual(aws.inputs("s3:CreateBucket"), [{ Bucket: "bkt" }]);
  assert.equal(aws.logs[0], "Created bucket: bkt");
});

Deno.test("create: a missing bucket without -c fails before any IAM call", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).rejects(headBucketError(404));

  await assert.rejects(
    executeCreate(planCreate(createRequest()), aws.deps),
    (error) =>
      error instanceof CliError &&
      error.message === "Bucket does not exist: bkt - try --create-bucket to create it",
  );
  assert.deepEqual(aws.ops(), ["s3:HeadBucket"]);
  assert.deepEqual(aws.logs, []);
  assert.deepEqual(aws.warnings, []);
});

Deno.test("create: with one of two buckets missing and no -c, no bucket is created", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.s3.on(HeadBucketCommand, { Bucket: "b1" }).rejects(headBucketError(404));

  await assert.rejects(
    executeCreate(planCreate(createRequest({ buckets: ["b1", "b2"], public: true })), aws.deps),
    (error) =>
      error instanceof CliError &&
      error.message === "Bucket does not exist: b1 - try --create-bucket to create it",
  );
  assert.deepEqual(aws.ops(), ["s3:HeadBucket", "s3:HeadBucket"]);
  assert.deepEqual(aws.inputs("s3:HeadBucket"), [{ Bucket: "b1" }, { Bucket: "b2" }]);
});

Deno.test("create -c: only the missing one of two buckets is created", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.s3.on(HeadBucketCommand, { Bucket: "b2" }).rejects(headBucketError(404));
  withAccessKey(aws, "s3.read-write.b1,b2");

  await executeCreate(
    planCreate(createRequest({ buckets: ["b1", "b2"], createBucket: true })),
    aws.deps,
  );

  assert.deepEqual(aws.inputs("s3:CreateBucket"), [{ Bucket: "b2" }]);
  assert.equal(aws.logs[0], "Created bucket: b2");
});

Deno.test("create -c: HeadBucket 403 is an error, not a missing bucket", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).rejects(headBucketError(403));

  await assert.rejects(
    executeCreate(planCreate(createRequest({ createBucket: true })), aws.deps),
    (error) =>
      error instanceof CliError && /\bbkt\b/.test(error.message) && /403/.test(error.message),
  );
  assert.deepEqual(aws.ops(), ["s3:HeadBucket"]);
  assert.equal(aws.s3.commandCalls(CreateBucketCommand).length, 0);
});

Deno.test("create -c: HeadBucket 301 (another region) means the bucket exists", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).rejects(headBucketError(301));
  withAccessKey(aws);

  await executeCreate(planCreate(createRequest({ createBucket: true })), aws.deps);

  assert.equal(aws.s3.commandCalls(CreateBucketCommand).length, 0);
  assert.deepEqual(aws.logs, USER_LOGS);
});

Deno.test("create: other HeadBucket failures propagate unchanged", async () => {
  const aws = fakeAws();
  const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), {
    code: "ECONNREFUSED",
  });
  aws.s3.on(HeadBucketCommand).rejects(refused);

  await assert.rejects(
    executeCreate(planCreate(createRequest({ createBucket: true })), aws.deps),
    (error) => error === refused,
  );
  assert.deepEqual(aws.ops(), ["s3:HeadBucket"]);
});

Deno.test("create --public --website on an existing bucket warns and changes nothing", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).resolves({});
  withAccessKey(aws);

  await executeCreate(
    planCreate(createRequest({ createBucket: true, public: true, website: true })),
    aws.deps,
  );

  // No CreateBucket and no Put* call, on any S3 client.
  assert.deepEqual(aws.ops().filter((op) => op.startsWith("s3")), ["s3:HeadBucket"]);
  assert.deepEqual(aws.warnings, [
    "Bucket bkt already exists: --public, --website and --bucket-region apply only to " +
    "buckets this run creates, so it was left unchanged",
  ]);
  assert.deepEqual(aws.logs, USER_LOGS);
});
