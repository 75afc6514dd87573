// What expiring and revoked credentials may do, evaluated by an IAM policy simulator (AGPL: tests
// only): before the expiry the usual grants hold, after it everything is denied; sessions issued
// before a revocation cut-off are denied, later ones allowed.
import assert from "node:assert/strict";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { planCreate } from "../../lib/policy/create-plan.ts";
import { revokeOlderSessionsPolicy } from "../../lib/policy/expiry.ts";
import type { CreateRequest } from "../../lib/policy/create-plan.ts";
import { createRequest } from "../support/fixtures.ts";

const ACCOUNT = "123456789012";
const USER = "arn:aws:iam::123456789012:user/test";
const SESSION = "arn:aws:sts::123456789012:assumed-role/s3-credentials.AmazonS3FullAccess/s";
const EXPIRES = "2027-01-31T18:00:00Z";
const BEFORE = "2027-01-31T17:59:59Z";
const AFTER = "2027-01-31T18:00:01Z";

interface Request {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

async function decide(
  principal: string,
  policies: unknown[],
  request: Request,
  time: Record<string, string>,
): Promise<string> {
  const result = await runSimulation({
    request: {
      principal,
      action: request.action,
      resource: { resource: request.resource, accountId: ACCOUNT },
      contextVariables: { ...request.context, ...time },
    },
    identityPolicies: policies.map((policy, i) => ({ name: `p${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  }, {});
  if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

/** The inline policies create --expires attaches for `overrides`. */
function expiringPolicies(overrides: Partial<CreateRequest>): unknown[] {
  const credentials = planCreate(createRequest({ expires: EXPIRES, runSuffix: "x", ...overrides }))
    .credentials;
  assert.equal(credentials.kind, "permanent");
  return credentials.kind === "permanent" ? credentials.policies.map((p) => p.document) : [];
}

/** Every request decides `before` ahead of the expiry and ExplicitlyDenied after it. */
async function assertExpiry(policies: unknown[], table: [Request, string][]) {
  const actual: Record<string, string> = {};
  const expected: Record<string, string> = {};
  for (const [request, before] of table) {
    const label = `${request.action} ${request.resource} ${JSON.stringify(request.context ?? {})}`;
    actual[`${label} before`] = await decide(USER, policies, request, {
      "aws:CurrentTime": BEFORE,
    });
    actual[`${label} after`] = await decide(USER, policies, request, { "aws:CurrentTime": AFTER });
    expected[`${label} before`] = before;
    expected[`${label} after`] = "ExplicitlyDenied";
  }
  assert.deepEqual(actual, expected);
}

const get = (bucket: string, key: string) => ({
  action: "s3:GetObject",
  resource: `arn:aws:s3:::${bucket}/${key}`,
});
const put = (bucket: string, key: string) => ({
  action: "s3:PutObject",
  resource: `arn:aws:s3:::${bucket}/${key}`,
});
const list = (bucket: string, prefix?: string) => ({
  action: "s3:ListBucket",
  resource: `arn:aws:s3:::${bucket}`,
  context: prefix === undefined ? undefined : { "s3:prefix": prefix },
});

Deno.test("read-write expiring credentials: grants until the expiry, nothing after", async () => {
  await assertExpiry(expiringPolicies({ buckets: ["one", "two"] }), [
    [get("one", "a"), "Allowed"],
    [put("two", "a"), "Allowed"],
    [list("two"), "Allowed"],
    [{ action: "s3:DeleteObject", resource: "arn:aws:s3:::one/a" }, "Allowed"],
    [get("other", "a"), "ImplicitlyDenied"],
  ]);
});

Deno.test("read-only expiring credentials", async () => {
  await assertExpiry(expiringPolicies({ permission: "read-only" }), [
    [get("bkt", "a"), "Allowed"],
    [list("bkt"), "Allowed"],
    [put("bkt", "a"), "ImplicitlyDenied"],
  ]);
});

Deno.test("write-only expiring credentials", async () => {
  await assertExpiry(expiringPolicies({ permission: "write-only" }), [
    [put("bkt", "a"), "Allowed"],
    [get("bkt", "a"), "ImplicitlyDenied"],
  ]);
});

Deno.test("expiring credentials for several prefixes", async () => {
  await assertExpiry(expiringPolicies({ prefixes: ["reports/", "logs/"] }), [
    [get("bkt", "reports/a"), "Allowed"],
    [put("bkt", "logs/a"), "Allowed"],
    [list("bkt", "reports/"), "Allowed"],
    [get("bkt", "secret/a"), "ImplicitlyDenied"],
  ]);
});

Deno.test("expiring credentials with a custom --policy", async () => {
  const policyText = JSON.stringify({
    Version: "2012-10-17",
    Statement: {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::$!BUCKET_NAME!$/*",
    },
  });
  await assertExpiry(expiringPolicies({ policyText }), [
    [get("bkt", "a"), "Allowed"],
    [put("bkt", "a"), "ImplicitlyDenied"],
  ]);
});

Deno.test("revoke-sessions: a session issued before the cut-off is denied, a later one allowed", async () => {
  const cutoff = "2027-01-31T12:00:00Z";
  const role = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
  };
  const policies = [role, revokeOlderSessionsPolicy(cutoff)];
  const at = (issued: string) =>
    decide(SESSION, policies, get("bkt", "a"), {
      "aws:TokenIssueTime": issued,
      "aws:CurrentTime": "2027-01-31T12:30:00Z",
    });
  assert.equal(await at("2027-01-31T11:59:59Z"), "ExplicitlyDenied");
  assert.equal(await at("2027-01-31T12:00:00Z"), "Allowed");
  assert.equal(await at("2027-01-31T12:10:00Z"), "Allowed");
});
