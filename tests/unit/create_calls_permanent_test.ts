// Call-level tests of `create` without --duration: a user, inline policies, an access key.
Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

import assert from "node:assert/strict";
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  EntityAlreadyExistsException,
  LimitExceededException,
  ListAccessKeysCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { CreateBucketCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
import { executeCreate } from "../../lib/actions/create.ts";
import { THIS_RUN_TAG } from "../../lib/actions/unanswered-create.ts";
import { CliError } from "../../lib/errors.ts";
import { planCreate } from "../../lib/policy/create-plan.ts";
import {
  accessDenied,
  fakeAws,
  headBucketError,
  policyOf,
  S3_FULL_ACCESS,
} from "../support/aws_mocks.ts";
import { createRequest, readWriteStatements } from "../support/fixtures.ts";

const CREATED = new Date("2026-11-28T00:22:33Z");

function accessKey(username: string) {
  return {
    AccessKey: {
      UserName: username,
      AccessKeyId: "AKIAEXAMPLE",
      Status: "Active" as const,
      SecretAccessKey: "secret",
      CreateDate: CREATED,
    },
  };
}

function existingUser(message = "User s3.read-write.bkt already exists.") {
  return new EntityAlreadyExistsException({ message, $metadata: { httpStatusCode: 409 } });
}

function keyMetadata(count: number) {
  return {
    AccessKeyMetadata: Array.from({ length: count }, (_, i) => ({ AccessKeyId: `AKIA${i}` })),
  };
}

function parsedDocuments(inputs: { PolicyDocument: string }[]): unknown[] {
  return inputs.map((input) => JSON.parse(input.PolicyDocument));
}

Deno.test("create: a new user for an existing bucket takes four requests", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.iam.on(CreateAccessKeyCommand).resolves(accessKey("s3.read-write.bkt"));

  const result = await executeCreate(planCreate(createRequest()), aws.deps);

  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "iam:CreateUser",
    "iam:PutUserPolicy",
    "iam:CreateAccessKey",
  ]);
  assert.deepEqual(aws.inputs("s3:HeadBucket"), [{ Bucket: "bkt" }]);
  assert.deepEqual(aws.inputs("iam:CreateUser"), [{
    UserName: "s3.read-write.bkt",
    PermissionsBoundary: S3_FULL_ACCESS,
    Tags: [
      { Key: "s3-credentials:permission", Value: "read-write" },
      { Key: "s3-credentials:buckets", Value: "bkt" },
      THIS_RUN_TAG,
    ],
  }]);
  const [put] = aws.inputs("iam:PutUserPolicy");
  assert.equal(put.UserName, "s3.read-write.bkt");
  assert.equal(put.PolicyName, "s3.read-write.bkt");
  assert.deepEqual(JSON.parse(put.PolicyDocument), policyOf(readWriteStatements("bkt")));
  assert.deepEqual(aws.inputs("iam:CreateAccessKey"), [{ UserName: "s3.read-write.bkt" }]);
  assert.deepEqual(result, {
    kind: "permanent",
    accessKey: {
      UserName: "s3.read-write.bkt",
      AccessKeyId: "AKIAEXAMPLE",
      Status: "Active",
      SecretAccessKey: "secret",
      CreateDate: CREATED,
    },
    changes: {
      userCreated: true,
      policiesPut: ["s3.read-write.bkt"],
      accessKeyId: "AKIAEXAMPLE",
    },
  });
  assert.deepEqual(aws.logs, [
    `Created user: 's3.read-write.bkt' with permissions boundary: '${S3_FULL_ACCESS}'`,
    "Attached policy s3.read-write.bkt to user s3.read-write.bkt",
    "Created access key for user: s3.read-write.bkt",
  ]);
  assert.deepEqual(aws.warnings, []);
});

Deno.test("create: --read-only gives the read-only boundary and policy name", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.iam.on(CreateAccessKeyCommand).resolves(accessKey("s3.read-only.bkt"));

  await executeCreate(planCreate(createRequest({ permission: "read-only" })), aws.deps);

  assert.deepEqual(aws.inputs("iam:CreateUser"), [{
    UserName: "s3.read-only.bkt",
    PermissionsBoundary: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    Tags: [
      { Key: "s3-credentials:permission", Value: "read-only" },
      { Key: "s3-credentials:buckets", Value: "bkt" },
      THIS_RUN_TAG,
    ],
  }]);
  const [put] = aws.inputs("iam:PutUserPolicy");
  assert.equal(put.PolicyName, "s3.read-only.bkt");
  assert.deepEqual(
    JSON.parse(put.PolicyDocument),
    policyOf(readWriteStatements("bkt").slice(0, 2)),
  );
});

Deno.test("create: an existing user with one key gets the policy and a second key", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.iam.on(CreateUserCommand).rejects(existingUser("User me already exists."));
  aws.iam.on(ListAccessKeysCommand).resolves(keyMetadata(1));
  aws.iam.on(CreateAccessKeyCommand).resolves(accessKey("me"));

  const result = await executeCreate(planCreate(createRequest({ username: "me" })), aws.deps);

  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "iam:CreateUser",
    "iam:ListAccessKeys",
    "iam:PutUserPolicy",
    // Listed again just before CreateAccessKey, so a lost answer is settled by what appeared.
    "iam:ListAccessKeys",
    "iam:CreateAccessKey",
  ]);
  assert.deepEqual(aws.inputs("iam:ListAccessKeys"), [{ UserName: "me" }, { UserName: "me" }]);
  const [put] = aws.inputs("iam:PutUserPolicy");
  assert.equal(put.UserName, "me");
  assert.equal(put.PolicyName, "s3.read-write.bkt");
  assert.deepEqual(aws.inputs("iam:CreateAccessKey"), [{ UserName: "me" }]);
  assert.equal(result.kind === "permanent" && result.accessKey.UserName, "me");
  assert.deepEqual(aws.logs, [
    "Using existing user: 'me'",
    "Attached policy s3.read-write.bkt to user me",
    "Created access key for user: me",
  ]);
});

const TWO_KEYS = "user me already has 2 access keys, the most IAM allows: " +
  "delete one (aws iam delete-access-key --user-name me --access-key-id ...) " +
  "or delete the user (s3-credentials delete-user me), then run create again";

Deno.test("create: an existing user with two keys is refused before any change", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.iam.on(CreateUserCommand).rejects(existingUser());
  aws.iam.on(ListAccessKeysCommand).resolves(keyMetadata(2));

  await assert.rejects(
    executeCreate(planCreate(createRequest({ username: "me" })), aws.deps),
    (error) => error instanceof CliError && error.message === TWO_KEYS,
  );
  assert.deepEqual(aws.ops(), ["s3:HeadBucket", "iam:CreateUser", "iam:ListAccessKeys"]);
  assert.deepEqual(aws.logs, []);
  assert.deepEqual(aws.warnings, []);
});

Deno.test("create: CreateAccessKey LimitExceeded gives the same clear error", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.iam.on(CreateUserCommand).rejects(existingUser());
  aws.iam.on(ListAccessKeysCommand).resolves(keyMetadata(1));
  aws.iam.on(CreateAccessKeyCommand).rejects(
    new LimitExceededException({
      message: "Cannot exceed quota for AccessKeysPerUser: 2",
      $metadata: { httpStatusCode: 409 },
    }),
  );

  await assert.rejects(
    executeCreate(planCreate(createRequest({ username: "me" })), aws.deps),
    (error) => error instanceof CliError && error.message === TWO_KEYS,
  );
  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "iam:CreateUser",
    "iam:ListAccessKeys",
    "iam:PutUserPolicy",
    "iam:ListAccessKeys",
    "iam:CreateAccessKey",
  ]);
  // The user existed before, so nothing is deleted; the policy put on it is reported.
  assert.deepEqual(aws.warnings, [
    "This run attached policies to existing user me: s3.read-write.bkt",
  ]);
});

const CUSTOM_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                 "Resource": "arn:aws:s3:::$!BUCKET_NAME!$/*"}]
}`;

function customDocument(bucket: string) {
  return policyOf([
    { Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` },
  ]);
}

Deno.test("create: --policy puts one substituted policy a bucket and sets no boundary", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.iam.on(CreateAccessKeyCommand).resolves(accessKey("s3.custom.b1,b2"));

  await executeCreate(
    planCreate(createRequest({ buckets: ["b1", "b2"], policyText: CUSTOM_POLICY })),
    aws.deps,
  );

  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "s3:HeadBucket",
    "iam:CreateUser",
    "iam:PutUserPolicy",
    "iam:PutUserPolicy",
    "iam:CreateAccessKey",
  ]);
  assert.deepEqual(aws.inputs("s3:HeadBucket"), [{ Bucket: "b1" }, { Bucket: "b2" }]);
  const [create] = aws.inputs("iam:CreateUser");
  assert.equal(create.UserName, "s3.custom.b1,b2");
  assert.equal(create.PermissionsBoundary, undefined);
  const puts = aws.inputs("iam:PutUserPolicy");
  assert.deepEqual(puts.map((p) => [p.UserName, p.PolicyName]), [
    ["s3.custom.b1,b2", "s3.custom.b1"],
    ["s3.custom.b1,b2", "s3.custom.b2"],
  ]);
  assert.deepEqual(parsedDocuments(puts), [customDocument("b1"), customDocument("b2")]);
  assert.equal(aws.logs[0], "Created user: 's3.custom.b1,b2'");
});

const EXTRA = {
  Effect: "Allow",
  Action: "textract:*",
  Resource: "*",
  Sid: "Extra",
};

Deno.test("create: --statement is appended to every bucket's policy", async () => {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.iam.on(CreateAccessKeyCommand).resolves(accessKey("s3.custom.b1,b2"));

  await executeCreate(
    planCreate(createRequest({ buckets: ["b1", "b2"], statements: [EXTRA] })),
    aws.deps,
  );

  const [create] = aws.inputs("iam:CreateUser");
  assert.equal(create.UserName, "s3.custom.b1,b2");
  assert.equal(create.PermissionsBoundary, undefined);
  const puts = aws.inputs("iam:PutUserPolicy");
  assert.deepEqual(puts.map((p) => p.PolicyName), ["s3.custom.b1", "s3.custom.b2"]);
  assert.deepEqual(parsedDocuments(puts), [
    policyOf([...readWriteStatements("b1"), EXTRA]),
    policyOf([...readWriteStatements("b2"), EXTRA]),
  ]);
});

Deno.test("create: a failure after creating the user removes it", async () => {
  const aws = fakeAws();
  const denied = accessDenied("not allowed: iam:PutUserPolicy");
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.iam.on(PutUserPolicyCommand, { PolicyName: "s3.read-write.b2" }).rejects(denied);

  await assert.rejects(
    executeCreate(planCreate(createRequest({ buckets: ["b1", "b2"] })), aws.deps),
    (error) => error === denied,
  );
  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "s3:HeadBucket",
    "iam:CreateUser",
    "iam:PutUserPolicy",
    "iam:PutUserPolicy",
    "iam:DeleteUserPolicy",
    "iam:DeleteUser",
  ]);
  // Only the policy that was put is deleted.
  assert.deepEqual(aws.inputs("iam:DeleteUserPolicy"), [
    { UserName: "s3.read-write.b1,b2", PolicyName: "s3.read-write.b1" },
  ]);
  assert.deepEqual(aws.inputs("iam:DeleteUser"), [{ UserName: "s3.read-write.b1,b2" }]);
  assert.deepEqual(aws.warnings, [
    "Removed user s3.read-write.b1,b2, which this run had created",
  ]);
});

Deno.test("create: a failed access key after a new bucket removes the user, keeps the bucket", async () => {
  const aws = fakeAws();
  const denied = accessDenied("not allowed: iam:CreateAccessKey");
  aws.s3.on(HeadBucketCommand).rejects(headBucketError(404));
  aws.iam.on(CreateAccessKeyCommand).rejects(denied);

  await assert.rejects(
    executeCreate(planCreate(createRequest({ createBucket: true })), aws.deps),
    (error) => error === denied,
  );
  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "s3:CreateBucket",
    "iam:CreateUser",
    "iam:PutUserPolicy",
    "iam:CreateAccessKey",
    "iam:DeleteUserPolicy",
    "iam:DeleteUser",
  ]);
  assert.deepEqual(aws.warnings, [
    "This run created bucket bkt; it is left in place",
    "Removed user s3.read-write.bkt, which this run had created",
  ]);
  assert.equal(aws.s3.commandCalls(CreateBucketCommand).length, 1);
});

Deno.test("create: when removing the user fails, the warning says how to finish", async () => {
  const aws = fakeAws();
  const denied = accessDenied("not allowed: iam:PutUserPolicy");
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.iam.on(PutUserPolicyCommand).rejects(denied);
  aws.iam.on(DeleteUserCommand).rejects(accessDenied("not allowed: iam:DeleteUser"));

  await assert.rejects(executeCreate(planCreate(createRequest()), aws.deps), (e) => e === denied);
  assert.deepEqual(aws.iam.commandCalls(DeleteUserPolicyCommand).length, 0);
  assert.equal(aws.warnings.length, 1);
  assert.match(
    aws.warnings[0],
    /^This run created user s3\.read-write\.bkt and could not remove it \(.*not allowed: iam:DeleteUser\); remove it with: s3-credentials delete-user s3\.read-write\.bkt$/,
  );
});
