// Call-level tests of `create --duration` (and localserver) when CreateRole gets no answer, or
// meets a role another run made since this run found none.
Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

import assert from "node:assert/strict";
import {
  CreateRoleCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  IAMClient,
  NoSuchEntityException,
  type Tag,
} from "@aws-sdk/client-iam";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { executeCreate } from "../../lib/actions/create.ts";
import { roleSessionSource } from "../../lib/actions/role-session.ts";
import { planCreate, type TemporaryCredentialsStep } from "../../lib/policy/create-plan.ts";
import { RUN_TAG } from "../../lib/policy/tags.ts";
import {
  accessDenied,
  connectionLost,
  fakeAws,
  S3_FULL_ACCESS,
  serverError,
} from "../support/aws_mocks.ts";
import { createRequest } from "../support/fixtures.ts";

const ROLE_NAME = "s3-credentials.AmazonS3FullAccess";
const ARN = "arn:aws:iam::123456789012:role/s3-credentials.AmazonS3FullAccess";
const CREATED = `Created role: ${ROLE_NAME}`;
const ASSUMING = `Assume role against ${ARN} for 900s`;
const SESSION = {
  Credentials: {
    AccessKeyId: "ASIAEXAMPLE",
    SecretAccessKey: "secret",
    SessionToken: "token",
    Expiration: new Date("2026-11-28T00:22:33Z"),
  },
};

function noSuchRole() {
  return new NoSuchEntityException({
    message: `The role with name ${ROLE_NAME} cannot be found.`,
    $metadata: { httpStatusCode: 404 },
  });
}

/** GetRole's (and CreateRole's) answer for a role made just now, carrying `tags`. */
function roleTagged(tags?: Tag[]) {
  return {
    Role: {
      Path: "/",
      RoleName: ROLE_NAME,
      RoleId: "AROA",
      Arn: ARN,
      CreateDate: new Date(),
      Tags: tags,
    },
  };
}

/** No role at the first look; the caller decides what CreateRole and later GetRoles do. */
function ready() {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.sts.on(GetCallerIdentityCommand).resolves({ Account: "123456789012" });
  aws.sts.on(AssumeRoleCommand).resolves(SESSION);
  return aws;
}

const temporary = () => planCreate(createRequest({ durationSeconds: 900 }));

const instantRetry = {
  limitMs: 30_000,
  firstDelayMs: 1000,
  maxDelayMs: 5000,
  now: () => 0,
  sleep: () => Promise.resolve(),
};

Deno.test("create -d: CreateRole unanswered, the role has this run's tag: it is this run's", async () => {
  const aws = ready();
  aws.iam.on(CreateRoleCommand).rejects(connectionLost());
  // IAM made the role with the tags the lost call sent.
  aws.iam.on(GetRoleCommand).rejectsOnce(noSuchRole())
    .callsFake(() => roleTagged(aws.inputs("iam:CreateRole")[0].Tags));

  const result = await executeCreate(temporary(), aws.deps);

  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "iam:GetRole",
    "sts:GetCallerIdentity",
    "iam:CreateRole",
    "iam:GetRole",
    "iam:AttachRolePolicy",
    "sts:AssumeRole",
  ]);
  assert.deepEqual(aws.inputs("iam:AttachRolePolicy"), [
    { RoleName: ROLE_NAME, PolicyArn: S3_FULL_ACCESS },
  ]);
  assert.deepEqual(aws.logs, [CREATED, ASSUMING]);
  assert.deepEqual(result, { kind: "temporary", credentials: SESSION.Credentials });
});

Deno.test("create -d: CreateRole unanswered, another run's new role: not this run's", async () => {
  const aws = ready();
  aws.iam.on(CreateRoleCommand).rejects(serverError());
  aws.iam.on(GetRoleCommand).rejectsOnce(noSuchRole()).resolves(roleTagged([
    { Key: "s3-credentials:permission", Value: "read-only" },
    { Key: "s3-credentials:buckets", Value: "other" },
    { Key: RUN_TAG, Value: "2f7c1c3e-0000-4000-8000-000000000000" },
  ]));
  const invalid = Object.assign(new Error("1 validation error detected"), {
    name: "ValidationError",
    $metadata: { httpStatusCode: 400 },
  });
  aws.sts.on(AssumeRoleCommand).rejects(invalid);

  await assert.rejects(executeCreate(temporary(), aws.deps), (e) => e === invalid);
  assert.deepEqual(aws.ops().slice(3, 6), [
    "iam:CreateRole",
    "iam:GetRole",
    "iam:AttachRolePolicy",
  ]);
  assert.deepEqual(aws.logs, [ASSUMING]);
  // A role this run did not make is not reported as left behind by it.
  assert.deepEqual(aws.warnings, []);
});

Deno.test("create -d: CreateRole unanswered, no role: CreateRole is sent again", async () => {
  const aws = ready();
  aws.iam.on(CreateRoleCommand).rejectsOnce(serverError()).resolves(roleTagged());
  aws.iam.on(GetRoleCommand).rejects(noSuchRole());

  await executeCreate(temporary(), aws.deps);

  assert.deepEqual(aws.ops().slice(3), [
    "iam:CreateRole",
    "iam:GetRole",
    "iam:CreateRole",
    "iam:AttachRolePolicy",
    "sts:AssumeRole",
  ]);
  assert.deepEqual(aws.logs, [CREATED, ASSUMING]);
});

Deno.test("create -d: a role made by another run since the first look is used", async () => {
  const aws = ready();
  aws.iam.on(CreateRoleCommand).rejects(
    new EntityAlreadyExistsException({
      message: `Role with name ${ROLE_NAME} already exists.`,
      $metadata: { httpStatusCode: 409 },
    }),
  );
  // Made just now, but by the other run: no answer of ours was lost.
  aws.iam.on(GetRoleCommand).rejectsOnce(noSuchRole()).resolves(roleTagged());
  // Like a role this run creates, it may be refused while IAM propagates it.
  aws.sts.on(AssumeRoleCommand).rejectsOnce(accessDenied()).resolves(SESSION);

  const result = await executeCreate(temporary(), { ...aws.deps, roleRetry: instantRetry });

  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "iam:GetRole",
    "sts:GetCallerIdentity",
    "iam:CreateRole",
    "iam:GetRole",
    "iam:AttachRolePolicy",
    "sts:AssumeRole",
    "sts:AssumeRole",
  ]);
  assert.ok(!aws.logs.includes(CREATED));
  assert.deepEqual(result, { kind: "temporary", credentials: SESSION.Credentials });
});

Deno.test("create -d: CreateRole unanswered and GetRole failing: the first error, a warning", async () => {
  const aws = ready();
  const lost = connectionLost();
  aws.iam.on(CreateRoleCommand).rejects(lost);
  aws.iam.on(GetRoleCommand).rejectsOnce(noSuchRole()).rejects(connectionLost());

  await assert.rejects(executeCreate(temporary(), aws.deps), (e) => e === lost);
  assert.deepEqual(aws.ops().slice(3), ["iam:CreateRole", "iam:GetRole"]);
  assert.deepEqual(aws.warnings, [
    `CreateRole got no answer and role ${ROLE_NAME} could not be looked up: ` +
    "if this run created it, it is left in place for later runs",
  ]);
});

Deno.test("localserver: CreateRole unanswered and GetRole failing: the first error", async () => {
  const aws = ready();
  const lost = connectionLost();
  aws.iam.on(CreateRoleCommand).rejects(lost);
  aws.iam.on(GetRoleCommand).rejectsOnce(noSuchRole()).rejects(connectionLost());
  const step = temporary().credentials as TemporaryCredentialsStep;

  const fetch = roleSessionSource(aws.deps.clients, step, (line) => aws.logs.push(line));

  await assert.rejects(fetch(), (e) => e === lost);
});

Deno.test("create -d: CreateRole refused: no look, no second try", async () => {
  const aws = ready();
  const denied = accessDenied("User is not authorized to perform: iam:CreateRole");
  aws.iam.on(CreateRoleCommand).rejects(denied);
  aws.iam.on(GetRoleCommand).rejects(noSuchRole());

  await assert.rejects(executeCreate(temporary(), aws.deps), (e) => e === denied);
  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "iam:GetRole",
    "sts:GetCallerIdentity",
    "iam:CreateRole",
  ]);
  assert.deepEqual(aws.warnings, []);
});

Deno.test("create -d: CreateRole goes through the client that never retries on its own", async () => {
  const aws = ready();
  aws.iam.on(GetRoleCommand).rejects(noSuchRole());
  const once = new IAMClient({
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  const onceStub = mockClient(once);
  onceStub.on(CreateRoleCommand).resolves(roleTagged());

  await executeCreate(temporary(), {
    ...aws.deps,
    clients: { ...aws.deps.clients, iamSingleAttempt: once },
  });

  assert.equal(onceStub.commandCalls(CreateRoleCommand).length, 1);
  assert.equal(aws.iam.commandCalls(CreateRoleCommand).length, 0);
});
