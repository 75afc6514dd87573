// --source-ip, --vpc-endpoint, --require-tls: parsing, the statements, where they go in the
// user and session policies, the tag and the size checks.
import assert from "node:assert/strict";
import {
  type AccessConditions,
  conditionStatements,
  parseSourceIp,
  parseVpcEndpoint,
  withConditions,
} from "../../lib/policy/conditions.ts";
import { conditionsOf, conditionWarnings } from "../../lib/cli/flags/conditions.ts";
import { planCreate } from "../../lib/policy/create-plan.ts";
import { expiryStatement } from "../../lib/policy/expiry.ts";
import { localServerSessionStep } from "../../lib/policy/localserver.ts";
import { CONDITIONS_TAG, createdEntityTags, MAX_TAG_VALUE } from "../../lib/policy/tags.ts";
import { UsageError } from "../../lib/errors.ts";
import { localServerRequestFrom } from "../../lib/cli/commands/localserver.ts";
import { createRequest } from "../support/fixtures.ts";

const conditions = (rest: Partial<AccessConditions>): AccessConditions => ({
  sourceIps: [],
  vpcEndpoints: [],
  requireTls: false,
  ...rest,
});

Deno.test("--source-ip: IPv4 and IPv6 ranges; a bare address is /32 or /128", () => {
  const cases: [string, string][] = [
    ["203.0.113.0/24", "203.0.113.0/24"],
    ["203.0.113.7", "203.0.113.7/32"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["255.255.255.255/32", "255.255.255.255/32"],
    ["2001:db8::/32", "2001:db8::/32"],
    ["2001:DB8::1", "2001:DB8::1/128"],
    ["::", "::/128"],
    ["::/0", "::/0"],
    ["::ffff:203.0.113.7", "::ffff:203.0.113.7/128"],
    ["1:2:3:4:5:6:7:8/64", "1:2:3:4:5:6:7:8/64"],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7::/128"],
    ["1:2:3:4:5:6:1.2.3.4/96", "1:2:3:4:5:6:1.2.3.4/96"],
  ];
  assert.deepEqual(cases.map(([text]) => parseSourceIp(text)), cases.map(([, cidr]) => cidr));
});

Deno.test("--source-ip: what does not parse says why", () => {
  const notAnAddress = /is not an IPv4 or IPv6 address or CIDR range \(203\.0\.113\.0\/24/;
  const cases: [string, RegExp][] = [
    ["300.1.1.1/24", notAnAddress],
    ["example.com", notAnAddress],
    ["10.0.0", notAnAddress],
    ["10.0.0.1.2", notAnAddress],
    ["010.0.0.1", notAnAddress],
    ["", notAnAddress],
    ["1::2::3", notAnAddress],
    ["1:2:3:4:5:6:7:8:9", notAnAddress],
    ["1:2:3:4:5:6:7", notAnAddress],
    ["12345::", notAnAddress],
    ["fe80::1%eth0", notAnAddress],
    ["::ffff:300.0.0.1", notAnAddress],
    [
      "10.0.0.0/33",
      / 10\.0\.0\.0\/33 has the prefix length 33: IPv4 prefix lengths run from 0 to 32$/,
    ],
    ["2001:db8::/129", /has the prefix length 129: IPv6 prefix lengths run from 0 to 128$/],
    ["10.0.0.0/", /has the prefix length \(none\): IPv4/],
    ["10.0.0.0/-1", /has the prefix length -1/],
    ["10.0.0.0/08", /has the prefix length 08/],
    ["10.0.0.0/8/8", /has the prefix length 8\/8/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseSourceIp(text), message, text);
  }
});

Deno.test("--vpc-endpoint: vpce- and 8 to 17 lowercase hex characters", () => {
  assert.equal(parseVpcEndpoint("vpce-1a2b3c4d"), "vpce-1a2b3c4d");
  assert.equal(parseVpcEndpoint("vpce-0123456789abcdef0"), "vpce-0123456789abcdef0");
  for (
    const bad of [
      "vpce-1a2b3c4",
      "vpce-0123456789abcdef01",
      "vpce-1A2B3C4D",
      "1a2b3c4d",
      "vpce-1a2b3c4g",
      " vpce-1a2b3c4d",
    ]
  ) {
    assert.throws(
      () => parseVpcEndpoint(bad),
      /is not a VPC endpoint id: vpce- followed by 8 to 17 lowercase hexadecimal characters/,
      bad,
    );
  }
});

Deno.test("the flags: each value once; a /0 range is accepted with a warning", () => {
  const parsed = conditionsOf({
    sourceIp: ["10.0.0.0/8", "0.0.0.0/0", "10.0.0.0/8", "::/0"],
    vpcEndpoint: ["vpce-1a2b3c4d", "vpce-1a2b3c4d"],
    requireTls: true,
  });
  assert.deepEqual(parsed, {
    sourceIps: ["10.0.0.0/8", "0.0.0.0/0", "::/0"],
    vpcEndpoints: ["vpce-1a2b3c4d"],
    requireTls: true,
  });
  assert.deepEqual(conditionWarnings(parsed), [
    "warning: --source-ip 0.0.0.0/0 restricts nothing: it matches every IPv4 address",
    "warning: --source-ip ::/0 restricts nothing: it matches every IPv6 address",
  ]);
  assert.deepEqual(conditionsOf({}), conditions({}));
});

const NETWORK_DENY = {
  Effect: "Deny",
  Action: "*",
  Resource: "*",
  Condition: {
    NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] },
    StringNotEquals: { "aws:SourceVpce": ["vpce-1a2b3c4d"] },
    Bool: { "aws:ViaAWSService": "false" },
  },
};
const TLS_DENY = {
  Effect: "Deny",
  Action: "*",
  Resource: "*",
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};
const ALL = conditions({
  sourceIps: ["203.0.113.0/24", "2001:db8::/32"],
  vpcEndpoints: ["vpce-1a2b3c4d"],
  requireTls: true,
});

Deno.test("the statements: one Deny for address and endpoint, one for plain HTTP", () => {
  assert.deepEqual(conditionStatements(ALL), [NETWORK_DENY, TLS_DENY]);
  assert.deepEqual(conditionStatements(conditions({ sourceIps: ["10.0.0.0/8"] })), [{
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: {
      NotIpAddress: { "aws:SourceIp": ["10.0.0.0/8"] },
      Bool: { "aws:ViaAWSService": "false" },
    },
  }]);
  assert.deepEqual(conditionStatements(conditions({ vpcEndpoints: ["vpce-1a2b3c4d"] })), [{
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: {
      StringNotEquals: { "aws:SourceVpce": ["vpce-1a2b3c4d"] },
      Bool: { "aws:ViaAWSService": "false" },
    },
  }]);
  assert.deepEqual(conditionStatements(conditions({ requireTls: true })), [TLS_DENY]);
  assert.deepEqual(conditionStatements(conditions({})), []);
});

Deno.test("withConditions appends to any document with a Statement, refuses others", () => {
  const single = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:*" } };
  assert.deepEqual(withConditions(single, ALL), {
    Version: "2012-10-17",
    Statement: [single.Statement, NETWORK_DENY, TLS_DENY],
  });
  assert.equal(withConditions(single, conditions({})), single);
  assert.throws(
    () => withConditions({ Version: "2012-10-17" }, conditions({ requireTls: true })),
    new UsageError("--require-tls needs a policy document with a Statement to add to"),
  );
});

Deno.test("create: every user policy ends with the conditions, then the expiry", () => {
  const expires = "2030-01-31T18:00:00Z";
  const plan = planCreate(
    createRequest({ buckets: ["a", "b"], conditions: ALL, expires, runSuffix: "0f0f0f0f" }),
  );
  assert.equal(plan.credentials.kind, "permanent");
  if (plan.credentials.kind !== "permanent") return;
  // Its Deny covers every key of the user: a new user named for the run.
  assert.equal(plan.credentials.username, "s3.read-write.a,b.0f0f0f0f");
  for (const { document } of plan.credentials.policies) {
    assert.deepEqual(
      (document as { Statement: unknown[] }).Statement.slice(-3),
      [NETWORK_DENY, TLS_DENY, expiryStatement(expires)],
    );
  }
  assert.deepEqual(plan.credentials.tags.slice(-2), [
    { Key: "s3-credentials:expires", Value: expires },
    { Key: CONDITIONS_TAG, Value: "203.0.113.0/24 2001:db8::/32 vpce-1a2b3c4d require-tls" },
  ]);
  assert.deepEqual(plan.credentials.conditions, ALL);
});

Deno.test("create: a custom --policy ends with the conditions too", () => {
  const policyText = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::$!BUCKET_NAME!$/*",
    }],
  });
  const plan = planCreate(
    createRequest({ policyText, conditions: conditions({ requireTls: true }), runSuffix: "x" }),
  );
  assert.equal(plan.credentials.kind, "permanent");
  if (plan.credentials.kind !== "permanent") return;
  assert.deepEqual((plan.credentials.policies[0].document as { Statement: unknown[] }).Statement, [
    { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/*" },
    TLS_DENY,
  ]);
});

Deno.test("create -d and localserver: the session policy ends with the conditions", () => {
  const plan = planCreate(createRequest({ durationSeconds: 900, conditions: ALL }));
  assert.equal(plan.credentials.kind, "temporary");
  if (plan.credentials.kind !== "temporary") return;
  assert.deepEqual(
    (plan.credentials.policy as { Statement: unknown[] }).Statement.slice(-2),
    [NETWORK_DENY, TLS_DENY],
  );
  // The shared role's tags describe the run that created it, not its sessions.
  assert.ok(!plan.credentials.roleTags.some((tag) => tag.Key === CONDITIONS_TAG));
  const step = localServerSessionStep({
    bucket: "bkt",
    permission: "read-only",
    prefixes: [],
    statements: [],
    durationSeconds: 900,
    conditions: ALL,
  });
  assert.deepEqual((step.policy as { Statement: unknown[] }).Statement.slice(-2), [
    NETWORK_DENY,
    TLS_DENY,
  ]);
});

Deno.test("the size checks count the condition statements", () => {
  // Each range adds 18 characters; the generated policy alone fits.
  const many = conditions({
    sourceIps: Array.from({ length: 100 }, (_, i) => `198.51.${i + 100}.0/24`),
  });
  const unconditional = createRequest({ durationSeconds: 900 });
  planCreate(unconditional);
  assert.throws(
    () => planCreate({ ...unconditional, conditions: many }),
    /^UsageError: the session policy would be [\d,]+ characters/,
  );
  assert.throws(
    () => planCreate(createRequest({ conditions: many, runSuffix: "x" })),
    /^UsageError: the inline policies of user s3\.read-write\.bkt\.x would be/,
  );
  assert.throws(
    () =>
      localServerSessionStep({
        bucket: "bkt",
        permission: "read-only",
        prefixes: [],
        statements: [],
        durationSeconds: 900,
        conditions: many,
      }),
    /^UsageError: the session policy would be/,
  );
});

Deno.test("the conditions tag counts in IAM's 50 tags and fits its 256 characters", () => {
  const own = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: "" }));
  assert.equal(createdEntityTags("read-only", ["b"], own(46), undefined, ["tls"]).length, 49);
  assert.throws(
    () => createdEntityTags("read-only", ["b"], own(47), undefined, ["require-tls"]),
    /at most 46 --tag values with --source-ip, --vpc-endpoint or --require-tls: IAM allows 50 tags and this tool sets 4$/,
  );
  assert.throws(
    () => createdEntityTags("read-only", ["b"], own(46), "2030-01-31T18:00:00Z", ["require-tls"]),
    /at most 45 --tag values with --expires and --source-ip, .*this tool sets 5$/,
  );
  const ranges = Array.from({ length: 30 }, (_, i) => `2001:db8:${i}::/48`);
  const tag = createdEntityTags("read-only", ["b"], [], undefined, ranges).at(-1)!;
  assert.equal(tag.Key, CONDITIONS_TAG);
  assert.ok(tag.Value.length <= MAX_TAG_VALUE && /^2001:db8:0::\/48 .* \+\d+$/.test(tag.Value));
});

Deno.test("localserver's request carries the conditions into its session", () => {
  const flags = { duration: 900, port: 0, host: "localhost", readOnly: true, writeOnly: false };
  const request = localServerRequestFrom(
    { ...flags, sourceIp: ["10.0.0.0/8", "10.0.0.0/8"], requireTls: true },
    "bkt",
    () => undefined,
  );
  assert.deepEqual(
    request.session.conditions,
    conditions({ sourceIps: ["10.0.0.0/8"], requireTls: true }),
  );
  assert.equal(localServerRequestFrom(flags, "bkt", () => undefined).session.conditions, undefined);
});
