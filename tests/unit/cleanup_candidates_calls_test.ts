// cleanupCandidates call by call: a key whose last use may not be read keeps its user.
Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

import assert from "node:assert/strict";
import {
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  ListUserTagsCommand,
} from "@aws-sdk/client-iam";
import { cleanupCandidates } from "../../lib/actions/cleanup.ts";
import { PERMISSION_TAG } from "../../lib/policy/tags.ts";
import { accessDenied, fakeAws } from "../support/aws_mocks.ts";

const NOW = new Date("2026-06-01T00:00:00Z");
const LONG_AGO = new Date("2025-01-01T00:00:00Z");

function twoOldUsers() {
  const aws = fakeAws();
  aws.iam.on(ListUsersCommand).resolves({
    Users: ["old-a", "old-b"].map((UserName) => ({
      UserName,
      UserId: UserName,
      Arn: `arn:aws:iam::123456789012:user/${UserName}`,
      Path: "/",
      CreateDate: LONG_AGO,
    })),
  });
  aws.iam.on(ListUserTagsCommand).resolves({ Tags: [{ Key: PERMISSION_TAG, Value: "read-only" }] });
  aws.iam.on(ListAccessKeysCommand).callsFake(({ UserName }) => ({
    AccessKeyMetadata: [{ UserName, AccessKeyId: `AKIA${UserName}`, CreateDate: LONG_AGO }],
  }));
  return aws;
}

async function candidates(aws: ReturnType<typeof fakeAws>, warnings: string[]) {
  const found = [];
  const iam = aws.deps.clients.iam;
  for await (
    const c of cleanupCandidates(iam, { expired: false, unusedDays: 30 }, NOW, (line) => {
      warnings.push(line);
    })
  ) {
    found.push(c.username);
  }
  return found;
}

Deno.test("cleanup: keys never used since long ago make their users candidates", async () => {
  const aws = twoOldUsers();
  aws.iam.on(GetAccessKeyLastUsedCommand).resolves({ AccessKeyLastUsed: undefined });
  const warnings: string[] = [];
  assert.deepEqual(await candidates(aws, warnings), ["old-a", "old-b"]);
  assert.deepEqual(warnings, []);
});

Deno.test("cleanup: GetAccessKeyLastUsed denied keeps the users, with one warning", async () => {
  const aws = twoOldUsers();
  aws.iam.on(GetAccessKeyLastUsedCommand).rejects(accessDenied("not authorized"));
  const warnings: string[] = [];
  assert.deepEqual(await candidates(aws, warnings), []);
  assert.deepEqual(warnings, [
    "warning: when access keys were last used could not be read (An error occurred " +
    "(AccessDenied) when calling the AWS operation: not authorized): users with such keys are kept",
  ]);
});
