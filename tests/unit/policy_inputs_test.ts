// Inputs that shape policies: --statement parsing, bucket names, derived names and custom
// --policy substitution. Expected values are literal.
import assert from "node:assert/strict";
import { bucketNameProblem } from "../../lib/bucket/name.ts";
import { combinedCustomPolicy, customPolicyFor } from "../../lib/policy/custom.ts";
import {
  defaultUsername,
  inlinePolicyName,
  policyLabel,
  roleSessionName,
} from "../../lib/policy/names.ts";
import { parseStatement } from "../../lib/policy/statement-flag.ts";

function assertStatementError(text: string, message: string) {
  assert.throws(() => parseStatement(text), { message }, `for ${JSON.stringify(text)}`);
}

Deno.test("parseStatement: unparseable text is 'Invalid JSON string'", () => {
  for (const text of ["", " ", "{", "not json", "{'Effect': 'Allow'}", '{"a": 1,}']) {
    assertStatementError(text, "Invalid JSON string");
  }
});

Deno.test("parseStatement: JSON that is not an object is 'JSON must be an object'", () => {
  for (const text of ["[]", '[{"Effect": "Allow"}]', '"Allow"', "42", "1.5", "true", "null"]) {
    assertStatementError(text, "JSON must be an object");
  }
});

Deno.test("parseStatement: missing keys are listed sorted, joined by ', '", () => {
  assertStatementError("{}", "Statement JSON missing required keys: Action, Effect, Resource");
  assertStatementError(
    '{"Effect": "Allow"}',
    "Statement JSON missing required keys: Action, Resource",
  );
  assertStatementError(
    '{"Resource": "*", "Effect": "Allow"}',
    "Statement JSON missing required keys: Action",
  );
  assertStatementError(
    '{"Action": "s3:*", "Sid": "x"}',
    "Statement JSON missing required keys: Effect, Resource",
  );
  // Keys are case-sensitive.
  assertStatementError(
    '{"effect": "Allow", "action": "s3:*", "resource": "*"}',
    "Statement JSON missing required keys: Action, Effect, Resource",
  );
});

Deno.test("parseStatement: a valid statement is kept as written, values unchecked", () => {
  const parsed = parseStatement(
    '{"Resource": "*", "Zed": [1, 2], "Action": 7, "Effect": "Maybe", "Sid": "s"}',
  );
  assert.deepEqual(parsed, { Resource: "*", Zed: [1, 2], Action: 7, Effect: "Maybe", Sid: "s" });
  assert.deepEqual(Object.keys(parsed), ["Resource", "Zed", "Action", "Effect", "Sid"]);
});

Deno.test("bucketNameProblem: valid names", () => {
  for (
    const name of [
      "abc",
      "a".repeat(63),
      "my-bucket",
      "my.bucket.name",
      "1bucket",
      "bucket1",
      "a-b.c-d",
      "192.168.5",
      "192.168.5.4a",
      "xn-bucket",
      "bucket-s3alia",
    ]
  ) {
    assert.equal(bucketNameProblem(name), undefined, name);
  }
});

Deno.test("bucketNameProblem: invalid names and why", () => {
  const cases: [string, string][] = [
    ["ab", "must be 3 to 63 characters long"],
    ["", "must be 3 to 63 characters long"],
    ["a".repeat(64), "must be 3 to 63 characters long"],
    ["MyBucket", "may contain only lowercase letters, digits, dots and hyphens"],
    ["my_bucket", "may contain only lowercase letters, digits, dots and hyphens"],
    ["my bucket", "may contain only lowercase letters, digits, dots and hyphens"],
    ["café-bucket", "may contain only lowercase letters, digits, dots and hyphens"],
    ["-bucket", "must begin and end with a letter or digit"],
    ["bucket-", "must begin and end with a letter or digit"],
    [".bucket", "must begin and end with a letter or digit"],
    ["bucket.", "must begin and end with a letter or digit"],
    ["my..bucket", "must not contain two adjacent dots"],
    ["192.168.5.4", "must not be formatted as an IP address"],
    ["10.0.0.1", "must not be formatted as an IP address"],
    ["xn--bucket", "must not start with the reserved prefix xn--"],
    ["sthree-bucket", "must not start with the reserved prefix sthree-"],
    ["bucket-s3alias", "must not end with the reserved suffix -s3alias"],
    ["bucket--ol-s3", "must not end with the reserved suffix --ol-s3"],
  ];
  for (const [name, problem] of cases) {
    assert.equal(bucketNameProblem(name), problem, name);
  }
});

Deno.test("names: label, default user name, inline policy name", () => {
  assert.equal(policyLabel("read-write", false), "read-write");
  assert.equal(policyLabel("read-only", false), "read-only");
  assert.equal(policyLabel("write-only", false), "write-only");
  assert.equal(policyLabel("read-only", true), "custom");
  assert.equal(defaultUsername("read-write", ["bk1", "bk2"]), "s3.read-write.bk1,bk2");
  assert.equal(defaultUsername("custom", ["my-bucket"]), "s3.custom.my-bucket");
  assert.equal(inlinePolicyName("read-only", "bk1"), "s3.read-only.bk1");
  assert.equal(inlinePolicyName("custom", "my-bucket"), "s3.custom.my-bucket");
});

Deno.test("names: role session name is cut to 64 characters", () => {
  assert.equal(roleSessionName("read-write", ["bk1", "bk2"]), "s3.read-write.bk1,bk2");
  // "s3.read-only." is 13 characters: 51 more make exactly 64, kept whole.
  const exact = roleSessionName("read-only", ["b".repeat(51)]);
  assert.equal(exact, "s3.read-only." + "b".repeat(51));
  assert.equal(exact.length, 64);
  const long = roleSessionName("read-write", ["a".repeat(30), "b".repeat(30)]);
  assert.equal(long, "s3.read-write." + "a".repeat(30) + "," + "b".repeat(19));
  assert.equal(long.length, 64);
});

const CUSTOM = `{
  "Version": "2012-10-17",
  "Id": "keep-me",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject"],
      "Resource": ["arn:aws:s3:::$!BUCKET_NAME!$/*", "arn:aws:s3:::$!BUCKET_NAME!$/x/$!BUCKET_NAME!$"]
    },
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::$!BUCKET_NAME!$"}
  ]
}`;

const objectsFor = (bucket: string) => ({
  Effect: "Allow",
  Action: ["s3:GetObject"],
  Resource: [`arn:aws:s3:::${bucket}/*`, `arn:aws:s3:::${bucket}/x/${bucket}`],
});
const listFor = (bucket: string) => ({
  Effect: "Allow",
  Action: "s3:ListBucket",
  Resource: `arn:aws:s3:::${bucket}`,
});

Deno.test("customPolicyFor: every placeholder is replaced by the bucket", () => {
  const doc = customPolicyFor(CUSTOM, "bk1");
  assert.deepEqual(doc, {
    Version: "2012-10-17",
    Id: "keep-me",
    Statement: [objectsFor("bk1"), listFor("bk1")],
  });
  assert.equal(JSON.stringify(doc).includes("BUCKET_NAME"), false);
});

Deno.test("combinedCustomPolicy: one bucket is the plain substitution", () => {
  assert.deepEqual(combinedCustomPolicy(CUSTOM, ["bk1"]), customPolicyFor(CUSTOM, "bk1"));
});

Deno.test("combinedCustomPolicy: two buckets get statements for both (reference used the last only)", () => {
  const doc = combinedCustomPolicy(CUSTOM, ["bk1", "bk2"]);
  assert.deepEqual(doc, {
    Version: "2012-10-17",
    Id: "keep-me",
    Statement: [objectsFor("bk1"), listFor("bk1"), objectsFor("bk2"), listFor("bk2")],
  });
  assert.deepEqual(Object.keys(doc as object), ["Version", "Id", "Statement"]);
});

Deno.test("combinedCustomPolicy: a single Statement object becomes one entry per bucket", () => {
  const text =
    '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::$!BUCKET_NAME!$/*"}}';
  assert.deepEqual(combinedCustomPolicy(text, ["bk1", "bk2"]), {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::bk1/*" },
      { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::bk2/*" },
    ],
  });
});

Deno.test("combinedCustomPolicy: a policy without placeholder is used once, as is", () => {
  const text =
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}';
  assert.deepEqual(combinedCustomPolicy(text, ["bk1", "bk2"]), {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
  });
});

Deno.test("combinedCustomPolicy numbers repeated statement IDs so IAM accepts the policy", () => {
  const text = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{
      Sid: "Objects",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::$!BUCKET_NAME!$/*",
    }],
  });
  const policy = combinedCustomPolicy(text, ["one-bucket", "two-bucket", "three-bucket"]) as {
    Statement: { Sid: string; Resource: string }[];
  };
  assert.deepEqual(
    policy.Statement.map((s) => [s.Sid, s.Resource]),
    [
      ["Objects", "arn:aws:s3:::one-bucket/*"],
      ["Objects2", "arn:aws:s3:::two-bucket/*"],
      ["Objects3", "arn:aws:s3:::three-bucket/*"],
    ],
  );
});
