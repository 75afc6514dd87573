// IAM's policy size limits, checked in the plan before any AWS call: just under and just over each.
import assert from "node:assert/strict";
import { UsageError } from "../../lib/errors.ts";
import { planCreate } from "../../lib/policy/create-plan.ts";
import {
  checkPolicySize,
  policySize,
  ROLE_POLICIES_LIMIT,
  SESSION_POLICY_LIMIT,
  USER_POLICIES_LIMIT,
} from "../../lib/policy/policy-size.ts";
import type { CreateRequest } from "../../lib/policy/create-plan.ts";
import { createRequest } from "../support/fixtures.ts";

Deno.test("policySize counts characters without whitespace outside strings", () => {
  assert.equal(policySize({ a: "b c" }), '{"a":"b c"}'.length);
  assert.equal(policySize(JSON.parse('{ "a" :\n  [ 1 , 2 ] }')), '{"a":[1,2]}'.length);
});

/** A request whose policies total `size(padding)`: a --statement with a Sid of `padding` letters. */
const padded = (overrides: Partial<CreateRequest>) => (padding: number) =>
  createRequest({
    buckets: ["one", "two"],
    prefixes: ["reports/", "logs/"],
    statements: [{ Sid: "x".repeat(padding), Effect: "Allow", Action: "s3:ListAllMyBuckets" }],
    ...overrides,
  });

function totalSize(request: CreateRequest): number {
  const credentials = planCreate(request).credentials;
  return credentials.kind === "permanent"
    ? credentials.policies.reduce((sum, p) => sum + policySize(p.document), 0)
    : policySize(credentials.policy);
}

function assertLimit(make: (padding: number) => CreateRequest, limit: number, per: number) {
  // Each letter of padding appears once in every policy.
  const base = totalSize(make(0));
  const exact = (limit - base) / per;
  assert.ok(Number.isInteger(exact), `padding lands on the limit (${base}, ${per})`);
  assert.equal(totalSize(make(exact)), limit);
  assert.throws(
    () => planCreate(make(exact + 1)),
    (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(
        error.message,
        new RegExp(
          `would be ${(limit + per).toLocaleString("en-US")} characters \\(whitespace not ` +
            `counted\\), over IAM's limit of ${limit.toLocaleString("en-US")}: use fewer prefixes`,
        ),
      );
      return true;
    },
  );
}

Deno.test("a user's inline policies: 2,048 characters pass, one more is a usage error", () => {
  // Two buckets, two policies: the padding counts twice; 2,048 is even.
  assertLimit(padded({}), USER_POLICIES_LIMIT, 2);
  assert.throws(
    () => planCreate(padded({})(2000)),
    /the inline policies of user s3.custom.one,two/,
  );
});

Deno.test("a user's limit includes the --expires statement", () => {
  const make = padded({ expires: "2027-01-31T18:00:00Z", runSuffix: "abcd1234" });
  assertLimit(make, USER_POLICIES_LIMIT, 2);
  // Without the expiry, the largest expiring request is well under the limit.
  const withoutExpiry = padded({})((USER_POLICIES_LIMIT - totalSize(make(0))) / 2 + 1);
  assert.ok(totalSize(withoutExpiry) < USER_POLICIES_LIMIT);
});

Deno.test("a session policy: 2,048 characters pass, one more is a usage error", () => {
  assertLimit(padded({ durationSeconds: 3600 }), SESSION_POLICY_LIMIT, 1);
  assert.throws(() => planCreate(padded({ durationSeconds: 3600 })(3000)), /the session policy/);
});

Deno.test("a role's inline policies: 10,240 characters pass, one more is a usage error", () => {
  const document = (padding: number) => ({ Sid: "x".repeat(padding) });
  const base = policySize(document(0));
  const check = (padding: number) =>
    checkPolicySize(
      "the inline policies of role r",
      [document(padding)],
      ROLE_POLICIES_LIMIT,
      "do less",
    );
  check(ROLE_POLICIES_LIMIT - base);
  assert.throws(
    () => check(ROLE_POLICIES_LIMIT - base + 1),
    /^UsageError: the inline policies of role r would be 10,241 characters \(whitespace not counted\), over IAM's limit of 10,240: do less$/,
  );
});
