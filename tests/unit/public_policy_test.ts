// The public bucket policy (anyone may GetObject) and `policy --public-bucket`, literally.
import assert from "node:assert/strict";
import { policyFor } from "../../lib/cli/commands/policy.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatJson } from "../../lib/output/json.ts";
import { publicBucketPolicy } from "../../lib/policy/public-bucket.ts";
import { parseStatement } from "../../lib/policy/statement-flag.ts";
import { expectedPublicPolicy } from "../support/fixtures.ts";

const flags = (
  rest: { readOnly?: boolean; prefix?: string[]; statement?: Record<string, unknown>[] } = {},
) => ({
  readOnly: false,
  writeOnly: false,
  publicBucket: true,
  ...rest,
});

Deno.test("public bucket policy: the reference's text", () => {
  assert.equal(formatJson(publicBucketPolicy("my-bucket"), 4), expectedPublicPolicy("my-bucket"));
});

Deno.test("policy --public-bucket ignores the other options", () => {
  const options = flags({
    readOnly: true,
    prefix: ["a/"],
    statement: [parseStatement('{"Effect": "Allow", "Action": "textract:*", "Resource": "*"}')],
  });
  assert.equal(formatJson(policyFor(options, ["my-bucket"]), 4), expectedPublicPolicy("my-bucket"));
});

Deno.test("policy --public-bucket refuses several buckets", () => {
  assert.throws(
    () => policyFor(flags(), ["bk1", "bk2"]),
    (error: unknown) =>
      error instanceof UsageError &&
      error.message === "--public-bucket policy can only be generated for a single bucket",
  );
});
