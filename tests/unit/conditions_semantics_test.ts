// Where conditional credentials work, evaluated by an IAM policy simulator (AGPL: tests only)
// with the request context AWS always sets: aws:ViaAWSService, aws:SecureTransport, and
// aws:SourceIp (from the internet) or aws:SourceVpce (through a VPC endpoint).
import assert from "node:assert/strict";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { AccessConditions } from "../../lib/policy/conditions.ts";
import { type CreateRequest, planCreate } from "../../lib/policy/create-plan.ts";
import { localServerSessionStep } from "../../lib/policy/localserver.ts";
import { createRequest } from "../support/fixtures.ts";

const ACCOUNT = "123456789012";
const USER = "arn:aws:iam::123456789012:user/test";
const SESSION = "arn:aws:sts::123456789012:assumed-role/s3-credentials.AmazonS3FullAccess/s";
/** The role behind every session: s3-credentials.AmazonS3FullAccess, plus KMS for SSE-KMS. */
const ROLE_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:*", "kms:*"], Resource: "*" }],
};

/** Where a request comes from, as AWS puts it in the request context. */
type Origin = Record<string, string>;
const from = (ip: string, tls = true): Origin => ({
  "aws:SourceIp": ip,
  "aws:SecureTransport": String(tls),
  "aws:ViaAWSService": "false",
});
const through = (vpce: string): Origin => ({
  "aws:SourceVpce": vpce,
  "aws:SecureTransport": "true",
  "aws:ViaAWSService": "false",
});
/** S3 calling KMS for the caller (SSE-KMS): from an AWS address, flagged as a service. */
const viaS3: Origin = {
  "aws:SourceIp": "52.95.0.1",
  "aws:SecureTransport": "true",
  "aws:ViaAWSService": "true",
};

interface Request {
  action: string;
  resource: string;
  context?: Record<string, string>;
}
const get = (key = "a", bucket = "bkt") => ({
  action: "s3:GetObject",
  resource: `arn:aws:s3:::${bucket}/${key}`,
});
const put = (key = "a") => ({ action: "s3:PutObject", resource: `arn:aws:s3:::bkt/${key}` });
const list = (prefix: string) => ({
  action: "s3:ListBucket",
  resource: "arn:aws:s3:::bkt",
  context: { "s3:prefix": prefix },
});
const decrypt = {
  action: "kms:Decrypt",
  resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
};

/** A KMS key's default policy: the account's IAM policies decide. */
const KEY_POLICY = {
  Version: "2012-10-17",
  Statement: [{
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: "kms:*",
    Resource: "*",
  }],
};

/** Credentials to decide for: a user's inline policies, or a role narrowed by a session policy. */
type Credentials = { user: unknown[] } | { session: unknown };

async function decide(credentials: Credentials, request: Request, origin: Origin) {
  const session = "session" in credentials;
  const result = await runSimulation({
    request: {
      principal: session ? SESSION : USER,
      action: request.action,
      resource: { resource: request.resource, accountId: ACCOUNT },
      contextVariables: { ...request.context, ...origin },
    },
    identityPolicies: session
      ? [{ name: "role", policy: ROLE_POLICY }]
      : credentials.user.map((policy, i) => ({ name: `p${i}`, policy })),
    sessionPolicy: session ? credentials.session : undefined,
    resourcePolicy: request.action.startsWith("kms:") ? KEY_POLICY : undefined,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  }, {});
  if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

/** Decides every row and compares the whole table, so a failure shows every difference. */
async function assertDecisions(credentials: Credentials, table: [Request, Origin, string][]) {
  const actual: Record<string, string> = {};
  const expected: Record<string, string> = {};
  for (const [request, origin, decision] of table) {
    const label = `${request.action} ${request.resource} ${JSON.stringify(origin)}`;
    actual[label] = await decide(credentials, request, origin);
    expected[label] = decision;
  }
  assert.deepEqual(actual, expected);
}

function userPolicies(overrides: Partial<CreateRequest>): Credentials {
  const { credentials } = planCreate(createRequest({ runSuffix: "x", ...overrides }));
  assert.equal(credentials.kind, "permanent");
  return {
    user: credentials.kind === "permanent" ? credentials.policies.map((p) => p.document) : [],
  };
}

function sessionPolicy(overrides: Partial<CreateRequest>): Credentials {
  const { credentials } = planCreate(createRequest({ durationSeconds: 900, ...overrides }));
  assert.equal(credentials.kind, "temporary");
  return { session: credentials.kind === "temporary" ? credentials.policy : undefined };
}

const OFFICE: AccessConditions = {
  sourceIps: ["203.0.113.0/24", "2001:db8::/32"],
  vpcEndpoints: ["vpce-1a2b3c4d"],
  requireTls: true,
};
const KMS_STATEMENT = { Effect: "Allow", Action: "kms:Decrypt", Resource: "*" };

/** The table for OFFICE: the same for a user, a create -d session and a localserver session. */
const officeTable: [Request, Origin, string][] = [
  [get(), from("203.0.113.9"), "Allowed"],
  [put(), from("2001:db8:1::5"), "Allowed"],
  [get(), through("vpce-1a2b3c4d"), "Allowed"],
  [get(), from("198.51.100.9"), "ExplicitlyDenied"],
  [get(), from("203.0.114.1"), "ExplicitlyDenied"],
  [get(), from("2001:db9::5"), "ExplicitlyDenied"],
  [get(), through("vpce-99999999"), "ExplicitlyDenied"],
  [get(), from("203.0.113.9", false), "ExplicitlyDenied"],
  [get("a", "other"), from("203.0.113.9"), "ImplicitlyDenied"],
];

Deno.test("a user with --source-ip (IPv4, IPv6), --vpc-endpoint and --require-tls", async () => {
  await assertDecisions(userPolicies({ conditions: OFFICE }), officeTable);
});

Deno.test("create -d: the session policy carries the same conditions", async () => {
  await assertDecisions(sessionPolicy({ conditions: OFFICE }), officeTable);
});

Deno.test("localserver: its session policy carries the same conditions", async () => {
  const step = localServerSessionStep({
    bucket: "bkt",
    permission: "read-write",
    prefixes: [],
    statements: [],
    durationSeconds: 900,
    conditions: OFFICE,
  });
  await assertDecisions({ session: step.policy }, officeTable);
});

Deno.test("a service acting for the caller (S3 calling KMS) is not denied; the caller is", async () => {
  const table: [Request, Origin, string][] = [
    [decrypt, viaS3, "Allowed"],
    [decrypt, from("52.95.0.1"), "ExplicitlyDenied"],
    [decrypt, from("203.0.113.9"), "Allowed"],
  ];
  await assertDecisions(userPolicies({ conditions: OFFICE, statements: [KMS_STATEMENT] }), table);
  await assertDecisions(sessionPolicy({ conditions: OFFICE, statements: [KMS_STATEMENT] }), table);
});

Deno.test("--vpc-endpoint alone: only through the listed endpoints", async () => {
  const vpceOnly = {
    sourceIps: [],
    vpcEndpoints: ["vpce-1a2b3c4d", "vpce-0123456789abcdef0"],
    requireTls: false,
  };
  await assertDecisions(userPolicies({ conditions: vpceOnly }), [
    [get(), through("vpce-1a2b3c4d"), "Allowed"],
    [get(), through("vpce-0123456789abcdef0"), "Allowed"],
    [get(), through("vpce-99999999"), "ExplicitlyDenied"],
    [get(), from("203.0.113.9"), "ExplicitlyDenied"],
    // Plain HTTP is not refused without --require-tls.
    [get(), { ...through("vpce-1a2b3c4d"), "aws:SecureTransport": "false" }, "Allowed"],
  ]);
});

Deno.test("--source-ip alone: a VPC endpoint's requests carry no public address and are denied", async () => {
  const ipOnly = { sourceIps: ["203.0.113.7/32"], vpcEndpoints: [], requireTls: false };
  await assertDecisions(userPolicies({ conditions: ipOnly }), [
    [get(), from("203.0.113.7"), "Allowed"],
    [get(), from("203.0.113.7", false), "Allowed"],
    [get(), from("203.0.113.8"), "ExplicitlyDenied"],
    [get(), through("vpce-1a2b3c4d"), "ExplicitlyDenied"],
  ]);
});

Deno.test("--require-tls alone: any address, HTTPS only", async () => {
  const tlsOnly = { sourceIps: [], vpcEndpoints: [], requireTls: true };
  await assertDecisions(userPolicies({ conditions: tlsOnly }), [
    [get(), from("198.51.100.9"), "Allowed"],
    [get(), through("vpce-1a2b3c4d"), "Allowed"],
    [get(), from("198.51.100.9", false), "ExplicitlyDenied"],
  ]);
});

Deno.test("read-only, write-only and prefix limits hold under the conditions", async () => {
  const inside = from("203.0.113.9");
  await assertDecisions(
    userPolicies({ conditions: OFFICE, permission: "read-only", prefixes: ["reports/"] }),
    [
      [get("reports/a"), inside, "Allowed"],
      [list("reports/"), inside, "Allowed"],
      [get("secret/a"), inside, "ImplicitlyDenied"],
      [list("secret/"), inside, "ImplicitlyDenied"],
      [put("reports/a"), inside, "ImplicitlyDenied"],
      [get("reports/a"), from("198.51.100.9"), "ExplicitlyDenied"],
    ],
  );
  await assertDecisions(sessionPolicy({ conditions: OFFICE, permission: "write-only" }), [
    [put(), inside, "Allowed"],
    [get(), inside, "ImplicitlyDenied"],
    [put(), from("198.51.100.9"), "ExplicitlyDenied"],
  ]);
});

Deno.test("--statement grants are capped by the conditions too", async () => {
  const statement = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::other/*" };
  await assertDecisions(userPolicies({ conditions: OFFICE, statements: [statement] }), [
    [get("a", "other"), from("203.0.113.9"), "Allowed"],
    [get("a", "other"), from("198.51.100.9"), "ExplicitlyDenied"],
  ]);
});

Deno.test("with --expires: allowed inside until the expiry, denied after it", async () => {
  const credentials = userPolicies({ conditions: OFFICE, expires: "2027-01-31T18:00:00Z" });
  const at = (time: string, origin: Origin) => ({ ...origin, "aws:CurrentTime": time });
  await assertDecisions(credentials, [
    [get(), at("2027-01-31T17:59:59Z", from("203.0.113.9")), "Allowed"],
    [get(), at("2027-01-31T17:59:59Z", through("vpce-1a2b3c4d")), "Allowed"],
    [get(), at("2027-01-31T18:00:01Z", from("203.0.113.9")), "ExplicitlyDenied"],
    [get(), at("2027-01-31T17:59:59Z", from("198.51.100.9")), "ExplicitlyDenied"],
  ]);
});
