// Call-level tests of rotate-access-key: which keys are touched, and when.
Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

import assert from "node:assert/strict";
import {
  CreateAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import { rotateAccessKey, type RotateDeps } from "../../lib/actions/rotate-key.ts";
import { CliError } from "../../lib/errors.ts";
import type { AccessKey } from "../../lib/credentials.ts";
import { formatTimestamp } from "../../lib/output/time.ts";
import { connectionLost, fakeAws } from "../support/aws_mocks.ts";

const NEW_KEY = {
  UserName: "u",
  AccessKeyId: "AKIANEWKEY0000000000",
  Status: "Active" as const,
  SecretAccessKey: "new-secret",
  CreateDate: new Date("2026-11-28T00:00:00Z"),
};

function withOneOldKey() {
  const aws = fakeAws();
  aws.iam.on(ListAccessKeysCommand).resolves({
    AccessKeyMetadata: [{ UserName: "u", AccessKeyId: "AKIAOLDKEY0000000000", Status: "Active" }],
  });
  aws.iam.on(CreateAccessKeyCommand).resolves({ AccessKey: NEW_KEY });
  const delivered: AccessKey[] = [];
  const deps: RotateDeps = {
    clients: aws.deps.clients,
    log: (line) => aws.logs.push(line),
    deliver: (key) => {
      delivered.push(key);
      return undefined;
    },
    describeTime: formatTimestamp,
  };
  return { aws, deps, delivered };
}

Deno.test("rotate: create, deliver, then deactivate the old key", async () => {
  const { aws, deps, delivered } = withOneOldKey();
  await rotateAccessKey("u", "deactivate", deps);
  assert.deepEqual(aws.ops(), ["iam:ListAccessKeys", "iam:CreateAccessKey", "iam:UpdateAccessKey"]);
  assert.deepEqual(aws.inputs("iam:UpdateAccessKey"), [
    { UserName: "u", AccessKeyId: "AKIAOLDKEY0000000000", Status: "Inactive" },
  ]);
  assert.deepEqual(delivered.map((k) => k.AccessKeyId), [NEW_KEY.AccessKeyId]);
});

Deno.test("rotate --delete-old deletes the old key", async () => {
  const { aws, deps } = withOneOldKey();
  await rotateAccessKey("u", "delete", deps);
  assert.deepEqual(aws.ops(), ["iam:ListAccessKeys", "iam:CreateAccessKey", "iam:DeleteAccessKey"]);
  assert.deepEqual(aws.inputs("iam:DeleteAccessKey"), [
    { UserName: "u", AccessKeyId: "AKIAOLDKEY0000000000" },
  ]);
});

Deno.test("rotate: a new key that cannot be delivered is deleted, the old one untouched", async () => {
  const { aws, deps } = withOneOldKey();
  deps.deliver = () => "the credentials could not be written (Broken pipe)";
  await assert.rejects(
    rotateAccessKey("u", "deactivate", deps),
    new CliError(
      "the credentials could not be written (Broken pipe); deleted new access key " +
        "AKIANEWKEY0000000000; the old keys are unchanged",
    ),
  );
  assert.deepEqual(aws.ops(), ["iam:ListAccessKeys", "iam:CreateAccessKey", "iam:DeleteAccessKey"]);
  assert.deepEqual(aws.inputs("iam:DeleteAccessKey"), [
    { UserName: "u", AccessKeyId: "AKIANEWKEY0000000000" },
  ]);
});

Deno.test("rotate --wait: a key that never works is printed, the old one untouched", async () => {
  const { aws, deps, delivered } = withOneOldKey();
  deps.waitForKey = () =>
    Promise.resolve("access key AKIANEWKEY0000000000 did not work within 30s");
  await assert.rejects(
    rotateAccessKey("u", "deactivate", deps),
    new CliError(
      "access key AKIANEWKEY0000000000 did not work within 30s; the credentials were printed " +
        "and the old keys are unchanged",
    ),
  );
  assert.equal(delivered.length, 1);
  assert.deepEqual(aws.ops(), ["iam:ListAccessKeys", "iam:CreateAccessKey"]);
});

Deno.test("rotate: when creating the key fails, nothing else is sent", async () => {
  const { aws, deps, delivered } = withOneOldKey();
  aws.iam.on(CreateAccessKeyCommand).rejects(
    Object.assign(new Error("denied"), {
      name: "AccessDenied",
      $fault: "client",
      $metadata: { httpStatusCode: 403 },
    }),
  );
  await assert.rejects(rotateAccessKey("u", "deactivate", deps), /denied/);
  assert.deepEqual(aws.ops(), ["iam:ListAccessKeys", "iam:CreateAccessKey"]);
  assert.equal(delivered.length, 0);
});

Deno.test("rotate: two keys already, nothing is created; the spare is the inactive one", async () => {
  const aws = fakeAws();
  aws.iam.on(ListAccessKeysCommand).resolves({
    AccessKeyMetadata: [
      { AccessKeyId: "AKIAFIRST00000000000", Status: "Active", CreateDate: new Date(1000) },
      { AccessKeyId: "AKIASECOND0000000000", Status: "Inactive", CreateDate: new Date(2000) },
    ],
  });
  aws.iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: "AKIAFIRST00000000000" }).resolves({
    UserName: "u",
    AccessKeyLastUsed: {
      LastUsedDate: new Date("2026-11-27T10:00:00Z"),
      ServiceName: "s3",
      Region: "us-east-1",
    },
  });
  aws.iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: "AKIASECOND0000000000" }).resolves({
    UserName: "u",
    AccessKeyLastUsed: { ServiceName: "N/A", Region: "N/A" },
  });
  await assert.rejects(
    rotateAccessKey("u", "deactivate", {
      clients: aws.deps.clients,
      log: () => {},
      deliver: () => undefined,
      describeTime: formatTimestamp,
    }),
    new CliError(
      "user u already has 2 access keys, the most IAM allows: AKIAFIRST00000000000 (Active, " +
        "last used 2026-11-27 10:00:00+00:00 with s3), AKIASECOND0000000000 (Inactive, never " +
        "used); nothing was changed. Free a slot with: s3-credentials delete-access-key " +
        "AKIASECOND0000000000 --username u",
    ),
  );
  assert.deepEqual(aws.ops(), [
    "iam:ListAccessKeys",
    "iam:GetAccessKeyLastUsed",
    "iam:GetAccessKeyLastUsed",
  ]);
});

Deno.test("rotate: CreateAccessKey unanswered and the keys unlistable: said, then the first error", async () => {
  const { aws, deps, delivered } = withOneOldKey();
  const lost = connectionLost();
  aws.iam.on(CreateAccessKeyCommand).rejects(lost);
  aws.iam.on(ListAccessKeysCommand).resolvesOnce({
    AccessKeyMetadata: [{ UserName: "u", AccessKeyId: "AKIAOLDKEY0000000000", Status: "Active" }],
  }).rejects(connectionLost());
  await assert.rejects(rotateAccessKey("u", "deactivate", deps), (error) => error === lost);
  assert.deepEqual(aws.logs, [
    "CreateAccessKey got no answer and the keys of user u could not be listed: a key whose " +
    "secret nobody has may remain (s3-credentials list-access-keys u)",
  ]);
  assert.ok(!aws.ops().includes("iam:UpdateAccessKey"), "the old key is untouched");
  assert.deepEqual(delivered, []);
});
