// set-public-access-block: parsing, the flags' changes, and the read-then-write calls.
Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

import assert from "node:assert/strict";
import { GetPublicAccessBlockCommand, PutPublicAccessBlockCommand } from "@aws-sdk/client-s3";
import { updatePublicAccessBlock } from "../../lib/actions/public-access.ts";
import { publicAccessChangesFrom } from "../../lib/cli/commands/set-public-access-block.ts";
import { UsageError } from "../../lib/errors.ts";
import {
  mergePublicAccessBlock,
  parseBooleanSetting,
} from "../../lib/bucket/public-access-block.ts";
import { accessDenied, fakeAws } from "../support/aws_mocks.ts";

const noConfiguration = () =>
  Object.assign(new Error("The public access block configuration was not found"), {
    name: "NoSuchPublicAccessBlockConfiguration",
    $fault: "client",
    $metadata: { httpStatusCode: 404 },
  });

Deno.test("boolean settings: true/false and the reference's other spellings; nothing else", () => {
  for (const word of ["true", "TRUE", " True ", "1", "t", "yes", "Y", "on"]) {
    assert.equal(parseBooleanSetting(word), true, word);
  }
  for (const word of ["false", "False", "0", "f", "no", "N", "OFF"]) {
    assert.equal(parseBooleanSetting(word), false, word);
  }
  for (const word of ["maybe", "", "2", "truee", "yes please"]) {
    assert.throws(() => parseBooleanSetting(word), /is not a valid boolean: use true or false/);
  }
});

const noFlags = { allowPublicAccess: false };

Deno.test("changes: only the settings given, --allow-public-access = all false", () => {
  assert.deepEqual(
    publicAccessChangesFrom({ ...noFlags, blockPublicAcls: true, restrictPublicBuckets: false }),
    { BlockPublicAcls: true, RestrictPublicBuckets: false },
  );
  assert.deepEqual(publicAccessChangesFrom({ allowPublicAccess: true }), {
    BlockPublicAcls: false,
    IgnorePublicAcls: false,
    BlockPublicPolicy: false,
    RestrictPublicBuckets: false,
  });
});

Deno.test("changes: no setting, or a setting with --allow-public-access, is a usage error", () => {
  assert.throws(
    () => publicAccessChangesFrom(noFlags),
    (e: unknown) => e instanceof UsageError && /Give at least one of/.test(e.message),
  );
  assert.throws(
    () => publicAccessChangesFrom({ allowPublicAccess: true, ignorePublicAcls: true }),
    (e: unknown) => e instanceof UsageError && /cannot be combined/.test(e.message),
  );
});

Deno.test("merge: changes over current values, missing ones false, in AWS's key order", () => {
  const merged = mergePublicAccessBlock({ RestrictPublicBuckets: true, BlockPublicAcls: true }, {
    BlockPublicAcls: false,
    BlockPublicPolicy: true,
  });
  assert.deepEqual(Object.entries(merged), [
    ["BlockPublicAcls", false],
    ["IgnorePublicAcls", false],
    ["BlockPublicPolicy", true],
    ["RestrictPublicBuckets", true],
  ]);
});

Deno.test("update: reads the current settings, then writes them with the change", async () => {
  const aws = fakeAws();
  aws.s3.on(GetPublicAccessBlockCommand).resolves({
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: true,
    },
  });
  const written = await updatePublicAccessBlock(aws.deps.clients.s3, "bkt", {
    BlockPublicPolicy: true,
    IgnorePublicAcls: false,
  });
  assert.deepEqual(aws.sent(), [
    { op: "s3:GetPublicAccessBlock", input: { Bucket: "bkt" } },
    {
      op: "s3:PutPublicAccessBlock",
      input: {
        Bucket: "bkt",
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: false,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      },
    },
  ]);
  assert.deepEqual(
    written,
    aws.inputs("s3:PutPublicAccessBlock")[0].PublicAccessBlockConfiguration,
  );
});

Deno.test("update: without a configuration yet, the settings not given are written false", async () => {
  const aws = fakeAws();
  aws.s3.on(GetPublicAccessBlockCommand).rejects(noConfiguration());
  const written = await updatePublicAccessBlock(aws.deps.clients.s3, "bkt", {
    RestrictPublicBuckets: true,
  });
  assert.deepEqual(aws.ops(), ["s3:GetPublicAccessBlock", "s3:PutPublicAccessBlock"]);
  const expected = {
    BlockPublicAcls: false,
    IgnorePublicAcls: false,
    BlockPublicPolicy: false,
    RestrictPublicBuckets: true,
  };
  assert.deepEqual(aws.inputs("s3:PutPublicAccessBlock"), [
    { Bucket: "bkt", PublicAccessBlockConfiguration: expected },
  ]);
  assert.deepEqual(written, expected);
});

Deno.test("update: all four given (--allow-public-access) writes without reading", async () => {
  const aws = fakeAws();
  await updatePublicAccessBlock(
    aws.deps.clients.s3,
    "bkt",
    publicAccessChangesFrom({
      allowPublicAccess: true,
    }),
  );
  assert.deepEqual(aws.ops(), ["s3:PutPublicAccessBlock"]);
  assert.deepEqual(aws.inputs("s3:PutPublicAccessBlock")[0].PublicAccessBlockConfiguration, {
    BlockPublicAcls: false,
    IgnorePublicAcls: false,
    BlockPublicPolicy: false,
    RestrictPublicBuckets: false,
  });
});

Deno.test("update: a failed read (other than 'none yet') writes nothing", async () => {
  const aws = fakeAws();
  aws.s3.on(GetPublicAccessBlockCommand).rejects(accessDenied("Access Denied"));
  aws.s3.on(PutPublicAccessBlockCommand).resolves({});
  await assert.rejects(
    updatePublicAccessBlock(aws.deps.clients.s3, "bkt", { BlockPublicAcls: true }),
    (e: unknown) => e instanceof Error && e.name === "AccessDenied",
  );
  assert.deepEqual(aws.ops(), ["s3:GetPublicAccessBlock"]);
});
