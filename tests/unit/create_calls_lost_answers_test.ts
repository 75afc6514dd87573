// Call-level tests of `create` when CreateUser or CreateAccessKey gets no answer.
Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

import assert from "node:assert/strict";
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  EntityAlreadyExistsException,
  GetUserCommand,
  ListAccessKeysCommand,
  NoSuchEntityException,
  PutUserPolicyCommand,
  type Tag,
} from "@aws-sdk/client-iam";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { executeCreate } from "../../lib/actions/create.ts";
import { AppearedKeysError, outcomeUnknown } from "../../lib/actions/unanswered-create.ts";
import { planCreate } from "../../lib/policy/create-plan.ts";
import { RUN_TAG } from "../../lib/policy/tags.ts";
import { accessDenied, connectionLost, fakeAws, serverError } from "../support/aws_mocks.ts";
import { createRequest } from "../support/fixtures.ts";

const USER = "s3.read-write.bkt";

function newKey(id: string) {
  return {
    AccessKey: {
      UserName: USER,
      AccessKeyId: id,
      Status: "Active" as const,
      SecretAccessKey: "secret",
      CreateDate: new Date(),
    },
  };
}

/** GetUser's answer for a user made just now, carrying `tags`. */
function userTagged(tags: Tag[] | undefined) {
  return {
    User: {
      UserName: USER,
      UserId: "AIDA",
      Arn: "arn",
      Path: "/",
      CreateDate: new Date(),
      Tags: tags,
    },
  };
}

/** The tags of a user another run of the tool made: its own run tag. */
const OTHER_RUNS_TAGS = [
  { Key: "s3-credentials:permission", Value: "read-write" },
  { Key: "s3-credentials:buckets", Value: "bkt" },
  { Key: RUN_TAG, Value: "2f7c1c3e-0000-4000-8000-000000000000" },
];

function ready() {
  const aws = fakeAws();
  aws.s3.on(HeadBucketCommand).resolves({});
  aws.iam.on(CreateAccessKeyCommand).resolves(newKey("AKIAHELD"));
  return aws;
}

Deno.test("outcomeUnknown: no answer, 5xx or an unreadable 2xx; not a clean 4xx", () => {
  assert.equal(outcomeUnknown(connectionLost()), true);
  assert.equal(outcomeUnknown(serverError()), true);
  assert.equal(outcomeUnknown({ $metadata: { httpStatusCode: 200 } }), true);
  assert.equal(outcomeUnknown(accessDenied()), false);
});

Deno.test("create: CreateUser unanswered, the user has this run's tag: it is this run's", async () => {
  const aws = ready();
  aws.iam.on(CreateUserCommand).rejectsOnce(connectionLost());
  // IAM made the user with the tags the lost call sent.
  aws.iam.on(GetUserCommand).callsFake(() => userTagged(aws.inputs("iam:CreateUser")[0].Tags));

  await executeCreate(planCreate(createRequest()), aws.deps);

  assert.deepEqual(aws.ops(), [
    "s3:HeadBucket",
    "iam:CreateUser",
    "iam:GetUser",
    "iam:PutUserPolicy",
    "iam:CreateAccessKey",
  ]);
  assert.match(aws.logs[0], /^Created user: 's3\.read-write\.bkt'/);
});

Deno.test("create: CreateUser unanswered, no user: CreateUser is sent again", async () => {
  const aws = ready();
  aws.iam.on(CreateUserCommand).rejectsOnce(serverError()).resolves({});
  aws.iam.on(GetUserCommand).rejects(
    new NoSuchEntityException({ message: "no", $metadata: { httpStatusCode: 404 } }),
  );

  await executeCreate(planCreate(createRequest()), aws.deps);

  assert.deepEqual(aws.ops().slice(1, 4), ["iam:CreateUser", "iam:GetUser", "iam:CreateUser"]);
  assert.match(aws.logs[0], /^Created user:/);
});

Deno.test("create: CreateUser unanswered, the user shown only after a retry: this run's", async () => {
  const aws = ready();
  aws.iam.on(CreateUserCommand).rejectsOnce(connectionLost()).rejects(
    new EntityAlreadyExistsException({ message: "exists", $metadata: { httpStatusCode: 409 } }),
  );
  // IAM had not shown the new user yet at the first look.
  aws.iam.on(GetUserCommand).rejectsOnce(
    new NoSuchEntityException({ message: "no", $metadata: { httpStatusCode: 404 } }),
  ).callsFake(() => userTagged(aws.inputs("iam:CreateUser")[0].Tags));

  await executeCreate(planCreate(createRequest()), aws.deps);

  assert.deepEqual(aws.ops().slice(1, 6), [
    "iam:CreateUser",
    "iam:GetUser",
    "iam:CreateUser",
    "iam:GetUser",
    "iam:PutUserPolicy",
  ]);
  assert.match(aws.logs[0], /^Created user:/);
});

Deno.test("create: CreateUser unanswered, a user without tags: it is someone else's", async () => {
  const aws = ready();
  aws.iam.on(CreateUserCommand).rejects(connectionLost());
  aws.iam.on(GetUserCommand).resolves(userTagged(undefined));
  aws.iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [] });

  await executeCreate(planCreate(createRequest()), aws.deps);

  assert.deepEqual(aws.ops().slice(1, 4), ["iam:CreateUser", "iam:GetUser", "iam:ListAccessKeys"]);
  assert.equal(aws.logs[0], `Using existing user: '${USER}'`);
});

Deno.test("create: CreateUser unanswered, another run's new user: a failure keeps it", async () => {
  const aws = ready();
  aws.iam.on(CreateUserCommand).rejects(connectionLost());
  aws.iam.on(GetUserCommand).resolves(userTagged(OTHER_RUNS_TAGS));
  aws.iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [] });
  const denied = accessDenied("User is not authorized to perform: iam:PutUserPolicy");
  aws.iam.on(PutUserPolicyCommand).rejects(denied);

  await assert.rejects(executeCreate(planCreate(createRequest()), aws.deps), (e) => e === denied);
  assert.deepEqual(aws.ops().slice(1), [
    "iam:CreateUser",
    "iam:GetUser",
    "iam:ListAccessKeys",
    "iam:PutUserPolicy",
  ]);
  assert.deepEqual(aws.logs, [`Using existing user: '${USER}'`]);
  assert.deepEqual(aws.warnings, []);
});

Deno.test("create: CreateUser unanswered and GetUser failing: the first error, a warning", async () => {
  const aws = ready();
  const lost = connectionLost();
  aws.iam.on(CreateUserCommand).rejects(lost);
  aws.iam.on(GetUserCommand).rejects(connectionLost());

  await assert.rejects(executeCreate(planCreate(createRequest()), aws.deps), (e) => e === lost);
  assert.deepEqual(aws.warnings, [
    `CreateUser got no answer and user ${USER} could not be looked up: if this run created it, ` +
    `remove it with: s3-credentials delete-user ${USER}`,
  ]);
});

Deno.test("create: CreateAccessKey unanswered: the stray key is deleted, one key remains", async () => {
  const aws = ready();
  aws.iam.on(CreateAccessKeyCommand).rejectsOnce(connectionLost()).resolves(newKey("AKIAHELD"));
  // After the lost answer, just before the second try, and a last look once it worked.
  aws.iam.on(ListAccessKeysCommand)
    .resolvesOnce({ AccessKeyMetadata: [{ AccessKeyId: "AKIASTRAY" }] })
    .resolvesOnce({ AccessKeyMetadata: [] })
    .resolves({ AccessKeyMetadata: [{ AccessKeyId: "AKIAHELD" }] });

  const result = await executeCreate(planCreate(createRequest()), aws.deps);

  assert.equal(result.kind === "permanent" && result.accessKey.AccessKeyId, "AKIAHELD");
  // The user is new: its keys before the first try are known without asking (none).
  assert.deepEqual(aws.ops().slice(3), [
    "iam:CreateAccessKey",
    "iam:ListAccessKeys",
    "iam:DeleteAccessKey",
    "iam:ListAccessKeys",
    "iam:CreateAccessKey",
    "iam:ListAccessKeys",
  ]);
  assert.deepEqual(aws.inputs("iam:DeleteAccessKey"), [
    { UserName: USER, AccessKeyId: "AKIASTRAY" },
  ]);
});

Deno.test("create: CreateAccessKey unanswered for an existing user keeps its own keys", async () => {
  const aws = ready();
  aws.iam.on(CreateUserCommand).rejects(
    Object.assign(new Error("exists"), {
      name: "EntityAlreadyExistsException",
      $metadata: { httpStatusCode: 409 },
    }),
  );
  aws.iam.on(CreateAccessKeyCommand).rejectsOnce(serverError()).resolves(newKey("AKIAHELD"));
  const own = { AccessKeyId: "AKIAOWN" };
  // Checked for room, just before the first try, after its lost answer, before the second try,
  // and a last look.
  aws.iam.on(ListAccessKeysCommand)
    .resolvesOnce({ AccessKeyMetadata: [own] })
    .resolvesOnce({ AccessKeyMetadata: [own] })
    .resolvesOnce({ AccessKeyMetadata: [own, { AccessKeyId: "AKIASTRAY" }] })
    .resolvesOnce({ AccessKeyMetadata: [own] })
    .resolves({ AccessKeyMetadata: [own, { AccessKeyId: "AKIAHELD" }] });

  await executeCreate(planCreate(createRequest()), aws.deps);

  assert.deepEqual(aws.inputs("iam:DeleteAccessKey"), [
    { UserName: USER, AccessKeyId: "AKIASTRAY" },
  ]);
});

Deno.test("create: CreateAccessKey unanswered and unlisted: the new user and its keys go", async () => {
  const aws = ready();
  const lost = connectionLost();
  aws.iam.on(CreateAccessKeyCommand).rejects(lost);
  aws.iam.on(ListAccessKeysCommand)
    .rejectsOnce(connectionLost())
    .resolves({ AccessKeyMetadata: [{ AccessKeyId: "AKIASTRAY" }] });

  await assert.rejects(executeCreate(planCreate(createRequest()), aws.deps), (e) => e === lost);
  assert.deepEqual(aws.ops().slice(3), [
    "iam:CreateAccessKey",
    "iam:ListAccessKeys",
    "iam:ListAccessKeys",
    "iam:DeleteAccessKey",
    "iam:DeleteUserPolicy",
    "iam:DeleteUser",
  ]);
  assert.deepEqual(aws.warnings, [`Removed user ${USER}, which this run had created`]);
});

Deno.test("create: two keys appeared while CreateAccessKey was unanswered: none is deleted", async () => {
  const aws = ready();
  aws.iam.on(CreateAccessKeyCommand).rejects(connectionLost());
  aws.iam.on(ListAccessKeysCommand).resolves({
    AccessKeyMetadata: [{ AccessKeyId: "AKIAOTHERRUN" }, { AccessKeyId: "AKIALOST" }],
  });

  await assert.rejects(
    executeCreate(planCreate(createRequest()), aws.deps),
    (e) => e instanceof AppearedKeysError && /keys AKIAOTHERRUN, AKIALOST appeared/.test(e.message),
  );
  assert.deepEqual(aws.ops().slice(3), ["iam:CreateAccessKey", "iam:ListAccessKeys"]);
  // Another run may use the new user through its key: the user stays too.
  assert.deepEqual(aws.warnings, [
    `This run created user ${USER}; it is left in place, since another run may hold one of its ` +
    "access keys",
  ]);
});

Deno.test("create: a key IAM shows only after the retry worked is named, not deleted", async () => {
  const aws = ready();
  aws.iam.on(CreateAccessKeyCommand).rejectsOnce(connectionLost()).resolves(newKey("AKIAHELD"));
  aws.iam.on(ListAccessKeysCommand)
    .resolvesOnce({ AccessKeyMetadata: [] })
    .resolvesOnce({ AccessKeyMetadata: [] })
    .resolves({ AccessKeyMetadata: [{ AccessKeyId: "AKIALATE" }, { AccessKeyId: "AKIAHELD" }] });

  await executeCreate(planCreate(createRequest()), aws.deps);

  assert.deepEqual(aws.inputs("iam:DeleteAccessKey"), []);
  assert.ok(
    aws.logs.includes(
      `Access key AKIALATE of user ${USER} appeared while CreateAccessKey's answer was lost and ` +
        "is left in place: if nobody holds its secret, delete it with s3-credentials " +
        `delete-access-key AKIALATE --username ${USER}`,
    ),
    aws.logs.join("\n"),
  );
});
