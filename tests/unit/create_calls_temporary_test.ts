// Call-level tests of `create --duration`: the role, and AssumeRole with a session policy.
Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

import assert from "node:assert/strict";
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { executeCreate } from "../../lib/actions/create.ts";
import type { RetryOptions } from "../../lib/aws/retry.ts";
import { THIS_RUN_TAG } from "../../lib/actions/unanswered-create.ts";
import { planCreate } from "../../lib/policy/create-plan.ts";
import { accessDenied, fakeAws, policyOf, S3_FULL_ACCESS } from "../support/aws_mocks.ts";
import { createRequest, readWriteStatements } from "../support/fixtures.ts";

const ROLE_NAME = "s3-credentials.AmazonS3FullAccess";
const EXISTING_ARN = "arn:aws:iam::111122223333:role/s3-credentials.AmazonS3FullAccess";
const NEW_ARN = "arn:aws:iam::123456789012:role/s3-credentials.AmazonS3FullAccess";
const EXPIRES = new Date("2026-11-28T00:22:33Z");
const WAITING = "Waiting for the new role to become usable (IAM takes a few seconds)...";

const SESSION = {
  Credentials: {
    AccessKeyId: "ASIAEXAMPLE",
    SecretAccessKey: "secret",
    SessionToken: "token",
    Expiration: EXPIRES,
  },
};

type Aws = ReturnType<typeof fakeAws>;

function withExistingRole(aws: Aws): void {
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.iam.on(GetRoleCommand).resolves({
    Role: {
      Path: "/",
      RoleName: ROLE_NAME,
      RoleId: "AROAEXAMPLE",
      Arn: EXISTING_ARN,
      CreateDate: EXPIRES,
    },
  });
}

function withMissingRole(aws: Aws): void {
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.iam.on(GetRoleCommand).rejects(
    new NoSuchEntityException({
      message: `The role with name ${ROLE_NAME} cannot be found.`,
      $metadata: { httpStatusCode: 404 },
    }),
  );
  aws.sts.on(GetCallerIdentityCommand).resolves({
    Account: "123456789012",
    Arn: "arn:aws:iam::123456789012:user/admin",
    UserId: "AIDAEXAMPLE",
  });
  aws.iam.on(CreateRoleCommand).resolves({
    Role: {
      Path: "/",
      RoleName: ROLE_NAME,
      RoleId: "AROANEW",
      Arn: NEW_ARN,
      CreateDate: EXPIRES,
    },
  });
}

/** Retry options with a clock that only sleeping moves, and a record of the sleeps. */
function fakeRetry(limitMs: number): { options: RetryOptions; sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    options: {
      limitMs,
      firstDelayMs: 1000,
      maxDelayMs: 5000,
      now: () => now,
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    },
  };
}

Deno.test("create --duration: an existing role takes three requests", async () => {
  const aws = fakeAws();
  withExistingRole(aws);
  aws.sts.on(AssumeRoleCommand).resolves(SESSION);

  const result = await executeCreate(
    planCreate(createRequest({ durationSeconds: 900 })),
    aws.deps,
  );

  assert.deepEqual(aws.ops(), ["s3:HeadBucket", "iam:GetRole", "sts:AssumeRole"]);
  assert.deepEqual(aws.inputs("iam:GetRole"), [{ RoleName: ROLE_NAME }]);
  const [assume] = aws.inputs("sts:AssumeRole");
  assert.equal(assume.RoleArn, EXISTING_ARN);
  assert.equal(assume.RoleSessionName, "s3.read-write.bkt");
  assert.equal(assume.DurationSeconds, 900);
  assert.deepEqual(JSON.parse(assume.Policy), policyOf(readWriteStatements("bkt")));
  assert.deepEqual(Object.keys(assume).sort(), [
    "DurationSeconds",
    "Policy",
    "RoleArn",
    "RoleSessionName",
  ]);
  assert.deepEqual(result, { kind: "temporary", credentials: SESSION.Credentials });
  assert.deepEqual(aws.logs, [`Assume role against ${EXISTING_ARN} for 900s`]);
  assert.deepEqual(aws.warnings, []);
});

Deno.test("create --duration: the session policy covers every bucket", async () => {
  const aws = fakeAws();
  withExistingRole(aws);
  aws.sts.on(AssumeRoleCommand).resolves(SESSION);

  await executeCreate(
    planCreate(createRequest({ buckets: ["b1", "b2"], durationSeconds: 3600 })),
    aws.deps,
  );

  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "s3:HeadBucket",
    "iam:GetRole",
    "sts:AssumeRole",
  ]);
  const [assume] = aws.inputs("sts:AssumeRole");
  assert.equal(assume.RoleSessionName, "s3.read-write.b1,b2");
  assert.equal(assume.DurationSeconds, 3600);
  assert.deepEqual(
    JSON.parse(assume.Policy),
    policyOf([...readWriteStatements("b1"), ...readWriteStatements("b2")]),
  );
});

Deno.test("create --duration: a missing role is created, then assumed", async () => {
  const aws = fakeAws();
  withMissingRole(aws);
  aws.sts.on(AssumeRoleCommand).resolves(SESSION);

  const result = await executeCreate(
    planCreate(createRequest({ durationSeconds: 900 })),
    aws.deps,
  );

  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "iam:GetRole",
    "sts:GetCallerIdentity",
    "iam:CreateRole",
    "iam:AttachRolePolicy",
    "sts:AssumeRole",
  ]);
  const [create] = aws.inputs("iam:CreateRole");
  assert.equal(create.RoleName, ROLE_NAME);
  assert.equal(create.MaxSessionDuration, 43200);
  assert.equal(
    create.Description,
    "Role used by the s3-credentials tool to create time-limited credentials that are restricted to specific buckets",
  );
  assert.deepEqual(JSON.parse(create.AssumeRolePolicyDocument), {
    Version: "2012-10-17",
    Statement: [{
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "sts:AssumeRole",
    }],
  });
  assert.deepEqual(create.Tags, [
    { Key: "s3-credentials:permission", Value: "read-write" },
    { Key: "s3-credentials:buckets", Value: "bkt" },
    THIS_RUN_TAG,
  ]);
  assert.deepEqual(Object.keys(create).sort(), [
    "AssumeRolePolicyDocument",
    "Description",
    "MaxSessionDuration",
    "RoleName",
    "Tags",
  ]);
  assert.deepEqual(aws.inputs("iam:AttachRolePolicy"), [
    { RoleName: ROLE_NAME, PolicyArn: S3_FULL_ACCESS },
  ]);
  assert.equal(aws.inputs("sts:AssumeRole")[0].RoleArn, NEW_ARN);
  assert.equal(result.kind, "temporary");
  assert.deepEqual(aws.logs, [
    `Created role: ${ROLE_NAME}`,
    `Assume role against ${NEW_ARN} for 900s`,
  ]);
});

Deno.test("create --duration: a new role refused twice is retried until it works", async () => {
  const aws = fakeAws();
  withMissingRole(aws);
  aws.sts.on(AssumeRoleCommand)
    .rejectsOnce(accessDenied())
    .rejectsOnce(accessDenied())
    .resolves(SESSION);
  const retry = fakeRetry(30_000);

  const result = await executeCreate(
    planCreate(createRequest({ durationSeconds: 900 })),
    { ...aws.deps, roleRetry: retry.options },
  );

  assert.equal(aws.sts.commandCalls(AssumeRoleCommand).length, 3);
  assert.deepEqual(retry.sleeps, [1000, 2000]);
  assert.deepEqual(aws.logs.filter((line) => line === WAITING), [WAITING]);
  assert.deepEqual(result, { kind: "temporary", credentials: SESSION.Credentials });
});

Deno.test("create --duration: a new role still refused at the time limit fails", async () => {
  const aws = fakeAws();
  withMissingRole(aws);
  const denied = accessDenied();
  aws.sts.on(AssumeRoleCommand).rejects(denied);
  // Sleeps of 1 s and 2 s fit in 3.5 s; the next (4 s) would pass the limit.
  const retry = fakeRetry(3500);

  await assert.rejects(
    executeCreate(
      planCreate(createRequest({ durationSeconds: 900 })),
      { ...aws.deps, roleRetry: retry.options },
    ),
    (error) => error === denied,
  );
  assert.equal(aws.sts.commandCalls(AssumeRoleCommand).length, 3);
  assert.deepEqual(retry.sleeps, [1000, 2000]);
  assert.deepEqual(aws.warnings, [
    `This run created role ${NEW_ARN}; it is left in place for later runs`,
  ]);
});

Deno.test("create --duration: AccessDenied on an existing role is not retried", async () => {
  const aws = fakeAws();
  withExistingRole(aws);
  const denied = accessDenied();
  aws.sts.on(AssumeRoleCommand).rejects(denied);
  const retry = fakeRetry(30_000);

  await assert.rejects(
    executeCreate(
      planCreate(createRequest({ durationSeconds: 900 })),
      { ...aws.deps, roleRetry: retry.options },
    ),
    (error) => error === denied,
  );
  assert.equal(aws.sts.commandCalls(AssumeRoleCommand).length, 1);
  assert.deepEqual(retry.sleeps, []);
  assert.ok(!aws.logs.includes(WAITING));
  assert.deepEqual(aws.warnings, []);
});

Deno.test("create --duration: other errors of a new role are not retried", async () => {
  const aws = fakeAws();
  withMissingRole(aws);
  const invalid = Object.assign(new Error("1 validation error detected"), {
    name: "ValidationError",
    $metadata: { httpStatusCode: 400 },
  });
  aws.sts.on(AssumeRoleCommand).rejects(invalid);
  const retry = fakeRetry(30_000);

  await assert.rejects(
    executeCreate(
      planCreate(createRequest({ durationSeconds: 900 })),
      { ...aws.deps, roleRetry: retry.options },
    ),
    (error) => error === invalid,
  );
  assert.equal(aws.sts.commandCalls(AssumeRoleCommand).length, 1);
  assert.deepEqual(retry.sleeps, []);
});

const CUSTOM_POLICY = `{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::$!BUCKET_NAME!$/*"}]}`;

Deno.test("create --duration --policy: the session policy names every bucket", async () => {
  const aws = fakeAws();
  withExistingRole(aws);
  aws.sts.on(AssumeRoleCommand).resolves(SESSION);

  await executeCreate(
    planCreate(createRequest({
      buckets: ["b1", "b2"],
      policyText: CUSTOM_POLICY,
      durationSeconds: 900,
      // Ignored with --duration.
      username: "me",
    })),
    aws.deps,
  );

  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "s3:HeadBucket",
    "iam:GetRole",
    "sts:AssumeRole",
  ]);
  const [assume] = aws.inputs("sts:AssumeRole");
  assert.equal(assume.RoleSessionName, "s3.custom.b1,b2");
  assert.deepEqual(
    JSON.parse(assume.Policy),
    policyOf([
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b1/*" },
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b2/*" },
    ]),
  );
});

Deno.test("create --duration --statement: extra statements follow the bucket statements", async () => {
  const aws = fakeAws();
  withExistingRole(aws);
  aws.sts.on(AssumeRoleCommand).resolves(SESSION);
  const extra = { Effect: "Allow", Action: "textract:*", Resource: "*" };

  await executeCreate(
    planCreate(createRequest({ statements: [extra], durationSeconds: 900 })),
    aws.deps,
  );

  const [assume] = aws.inputs("sts:AssumeRole");
  assert.equal(assume.RoleSessionName, "s3.custom.bkt");
  assert.deepEqual(JSON.parse(assume.Policy), policyOf([...readWriteStatements("bkt"), extra]));
  assert.equal(aws.iam.commandCalls(AttachRolePolicyCommand).length, 0);
});
