// --expires parsing, the expiry statement in every plan, and the revocation policy.
import assert from "node:assert/strict";
import { UsageError } from "../../lib/errors.ts";
import { planCreate } from "../../lib/policy/create-plan.ts";
import {
  expiryStatement,
  isoSeconds,
  parseExpiry,
  readExpiryTag,
  revocationCutoff,
  revokeOlderSessionsPolicy,
  withExpiry,
} from "../../lib/policy/expiry.ts";
import { EXPIRES_TAG } from "../../lib/policy/tags.ts";
import { createRequest } from "../support/fixtures.ts";

const NOW = new Date("2026-03-01T12:00:00.750Z");
const parse = (text: string) => isoSeconds(parseExpiry(text, NOW));

Deno.test("--expires takes durations from now, cut to whole seconds", () => {
  assert.equal(parse("90m"), "2026-03-01T13:30:00Z");
  assert.equal(parse("12h"), "2026-03-02T00:00:00Z");
  assert.equal(parse("30d"), "2026-03-31T12:00:00Z");
  assert.equal(parse("2w"), "2026-03-15T12:00:00Z");
});

Deno.test("--expires takes ISO dates (midnight UTC) and date-times with a zone", () => {
  assert.equal(parse("2027-01-31"), "2027-01-31T00:00:00Z");
  assert.equal(parse("2027-01-31T18:00:00Z"), "2027-01-31T18:00:00Z");
  assert.equal(parse("2027-01-31T18:00Z"), "2027-01-31T18:00:00Z");
  assert.equal(parse("2027-01-31T18:00:00+02:00"), "2027-01-31T16:00:00Z");
  assert.equal(parse("2027-01-31T18:00:00+14:00"), "2027-01-31T04:00:00Z");
  assert.equal(parse("2027-01-31T18:00:00-14:00"), "2027-02-01T08:00:00Z");
});

Deno.test("--expires refuses the past, more than ten years ahead, and other text", () => {
  const problem = (text: string) => {
    try {
      parseExpiry(text, NOW);
    } catch (error) {
      return (error as Error).message;
    }
    return "accepted";
  };
  assert.equal(problem("2026-03-01"), "2026-03-01T00:00:00Z is not in the future");
  assert.equal(problem("2026-03-01T12:00:00Z"), "2026-03-01T12:00:00Z is not in the future");
  assert.equal(problem("2036-03-01T12:00:00Z"), "accepted");
  assert.equal(problem("2036-03-01T12:00:01Z"), "2036-03-01T12:00:01Z is more than 10 years ahead");
  assert.equal(problem("2027-02-30"), "2027-02-30 is not a calendar date");
  // Whole seconds only: a fraction would be dropped without a word.
  assert.equal(
    problem("2027-01-31T18:00:59.999Z"),
    "2027-01-31T18:00:59.999Z has a fraction of a second: give whole seconds",
  );
  assert.match(problem("2027-01-31T18:00:00.5+01:00"), /has a fraction of a second/);
  assert.equal(problem("2027-01-31T24:00:00Z"), "2027-01-31T24:00:00Z is not a valid time");
  assert.equal(
    problem("2027-01-31T18:00:00+15:00"),
    "2027-01-31T18:00:00+15:00 has the offset +15:00: offsets run from -14:00 to +14:00",
  );
  assert.match(problem("2027-01-31T18:00:00-14:01"), /has the offset -14:01: offsets run/);
  assert.match(problem("2027-01-31T18:00:00+01:60"), /has the offset \+01:60: offsets run/);
  assert.equal(problem("0000-01-01"), "0000-01-01 has the year 0000: years run from 0001 to 9999");
  assert.equal(
    problem("0000-01-01T00:00:00Z"),
    "0000-01-01T00:00:00Z has the year 0000: years run from 0001 to 9999",
  );
  // Early years are not read as 19xx.
  assert.equal(problem("0050-01-01"), "0050-01-01T00:00:00Z is not in the future");
  // Far durations name what was given, not a time with more than four digits of year.
  assert.equal(problem("3000000d"), "3000000d is more than 10 years ahead");
  assert.equal(
    problem("99999999999999999999999w"),
    "99999999999999999999999w is more than 10 years ahead",
  );
  assert.equal(problem("600w"), "2037-08-30T12:00:00Z is more than 10 years ahead");
  for (const text of ["0m", "", "30", "3y", "2027-01-31T18:00:00", "tomorrow", "2027-1-31"]) {
    assert.notEqual(problem(text), "accepted", text);
  }
  assert.match(problem("2027-01-31T18:00:00"), /must be a duration \(90m, 12h, 30d, 2w\)/);
});

Deno.test("an expiry tag is read only in the form create writes it", () => {
  assert.deepEqual(readExpiryTag("2027-01-31T18:00:00Z"), new Date("2027-01-31T18:00:00Z"));
  assert.deepEqual(readExpiryTag("2020-02-29T23:59:59Z"), new Date("2020-02-29T23:59:59Z"));
  const unreadable = [
    "1",
    "0",
    "Dec 1 2026",
    "2026-12-01T00:00:00", // no zone: local time to Date.parse
    "2026-12-01",
    "2026-12-01T00:00Z",
    "2026-12-01T00:00:00.000Z",
    "2026-12-01T00:00:00+00:00",
    "2026-12-01t00:00:00z",
    " 2026-12-01T00:00:00Z",
    "2026-02-30T00:00:00Z", // Date.parse rolls it into March
    "2026-12-01T24:00:00Z",
    "+002026-12-01T00:00:00Z",
    "",
  ];
  for (const value of unreadable) assert.equal(readExpiryTag(value), undefined, value);
});

const EXPIRES = "2027-01-31T18:00:00Z";
const DENY_AFTER = {
  Effect: "Deny",
  Action: "*",
  Resource: "*",
  Condition: { DateGreaterThan: { "aws:CurrentTime": EXPIRES } },
};

Deno.test("the expiry statement is exactly the one the issue names", () => {
  assert.deepEqual(expiryStatement(EXPIRES), DENY_AFTER);
  assert.equal(
    JSON.stringify(expiryStatement(EXPIRES)),
    '{"Effect":"Deny","Action":"*","Resource":"*","Condition":' +
      '{"DateGreaterThan":{"aws:CurrentTime":"2027-01-31T18:00:00Z"}}}',
  );
});

Deno.test("withExpiry appends to statement lists and single statements; refuses documents without", () => {
  const single = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:*" } };
  assert.deepEqual(withExpiry(single, EXPIRES), {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:*" }, DENY_AFTER],
  });
  assert.equal(withExpiry(single, undefined), single);
  assert.throws(() => withExpiry({ Version: "2012-10-17" }, EXPIRES), UsageError);
  assert.throws(() => withExpiry([1], EXPIRES), UsageError);
});

Deno.test("an expiring plan: every inline policy ends with the Deny, the user is tagged and named for the run", () => {
  const plan = planCreate(createRequest({
    buckets: ["one", "two"],
    expires: EXPIRES,
    runSuffix: "abcd1234",
  }));
  const credentials = plan.credentials;
  assert.equal(credentials.kind, "permanent");
  if (credentials.kind !== "permanent") return;
  assert.equal(credentials.username, "s3.read-write.one,two.abcd1234");
  // After the tags every created user gets.
  assert.deepEqual(credentials.tags.at(-1), { Key: EXPIRES_TAG, Value: EXPIRES });
  assert.equal(credentials.policies.length, 2);
  for (const policy of credentials.policies) {
    const statements = (policy.document as { Statement: unknown[] }).Statement;
    assert.deepEqual(statements.at(-1), DENY_AFTER);
    assert.equal(statements.length, 4);
  }
  const custom = planCreate(createRequest({
    policyText: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*",' +
      '"Resource":"arn:aws:s3:::$!BUCKET_NAME!$/*"}]}',
    expires: EXPIRES,
    username: "chosen",
    runSuffix: "abcd1234",
  })).credentials;
  assert.equal(custom.kind === "permanent" && custom.username, "chosen");
  assert.deepEqual(custom.kind === "permanent" && custom.policies[0].document, {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::bkt/*" },
      DENY_AFTER,
    ],
  });
});

Deno.test("an expiring default name keeps its run suffix within IAM's 64 characters", () => {
  const bucket = "b".repeat(63);
  const plan = planCreate(
    createRequest({ buckets: [bucket], expires: EXPIRES, runSuffix: "0f0f0f0f" }),
  );
  const username = plan.credentials.kind === "permanent" ? plan.credentials.username : "";
  assert.equal(username.length, 64);
  assert.ok(username.startsWith("s3.read-write.bbb"));
  assert.ok(username.endsWith(".0f0f0f0f"));
});

Deno.test("a plan without --expires has no expiry tag and no Deny", () => {
  const credentials = planCreate(createRequest()).credentials;
  assert.ok(credentials.kind === "permanent");
  assert.deepEqual(credentials.tags.filter((tag) => tag.Key === EXPIRES_TAG), []);
  assert.equal(credentials.kind === "permanent" && credentials.username, "s3.read-write.bkt");
});

Deno.test("the revocation cut-off is the next whole second, in the role policy", () => {
  assert.equal(revocationCutoff(new Date("2026-03-01T12:00:00.001Z")), "2026-03-01T12:00:01Z");
  assert.equal(revocationCutoff(new Date("2026-03-01T12:00:00.000Z")), "2026-03-01T12:00:00Z");
  assert.deepEqual(revokeOlderSessionsPolicy("2026-03-01T12:00:01Z"), {
    Version: "2012-10-17",
    Statement: [{
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { DateLessThan: { "aws:TokenIssueTime": "2026-03-01T12:00:01Z" } },
    }],
  });
});
