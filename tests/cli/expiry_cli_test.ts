// create/policy --expires from the command line, and bad input to --expires, cleanup,
// revoke-sessions and over-large policies: exit 2, one error line, no request to AWS.
import assert from "node:assert/strict";
import {
  assertUsageError,
  FAKE_KEYS_ENV,
  mapLimit,
  runCli,
  startFakeEndpoint,
} from "../support/cli.ts";

const manyPrefixes = Array.from({ length: 40 }, (_, i) => ["--prefix", `folder-${i}/`]).flat();

const cases: { args: string[]; phrase: string }[] = [
  {
    args: ["create", "bkt", "--expires", "30d", "-d", "1h"],
    phrase: "--expires cannot be combined with --duration: temporary credentials expire anyway",
  },
  {
    args: ["create", "bkt", "--expires", "2020-01-01"],
    phrase: "Invalid value for '--expires': 2020-01-01T00:00:00Z is not in the future",
  },
  { args: ["create", "bkt", "--expires", "11y"], phrase: "must be a duration (90m, 12h, 30d, 2w)" },
  { args: ["create", "bkt", "--expires", "600w"], phrase: "is more than 10 years ahead" },
  { args: ["create", "bkt", "--expires", "3000000d"], phrase: ": 3000000d is more than 10 years" },
  {
    args: ["create", "bkt", "--expires", "2027-01-31T18:00:00+15:00"],
    phrase: "has the offset +15:00: offsets run from -14:00 to +14:00",
  },
  {
    args: ["create", "bkt", "--expires", "2027-01-31T18:00:00.5Z"],
    phrase: "has a fraction of a second: give whole seconds",
  },
  {
    args: ["create", "bkt", "--expires", "30d", "--policy", '{"Version":"2012-10-17"}'],
    phrase: "--expires needs a policy document with a Statement to add to",
  },
  {
    args: ["create", "bkt", ...manyPrefixes],
    phrase: "the inline policies of user s3.read-write.bkt would be ",
  },
  {
    args: ["create", "bkt", "-d", "1h", ...manyPrefixes],
    phrase: "the session policy would be ",
  },
  { args: ["policy", "bkt", "--expires", "yesterday"], phrase: "Invalid value for '--expires'" },
  {
    args: ["policy", "bkt", "--public-bucket", "--expires", "1h"],
    phrase: "--expires cannot be combined with --public-bucket",
  },
  { args: ["cleanup"], phrase: "cleanup needs --expired, --unused-days N or both" },
  { args: ["cleanup", "--unused-days", "0"], phrase: "must be a whole number of days, 1 or more" },
  {
    args: ["cleanup", "--expired"],
    phrase: "cleanup deletes users: pass --yes to confirm when standard input is not a terminal",
  },
  { args: ["revoke-sessions", "--role", "bad/name"], phrase: "IAM role names are 1 to 64" },
];

Deno.test("expiry, cleanup and size usage errors make no AWS call", async () => {
  const endpoint = startFakeEndpoint();
  try {
    await mapLimit(cases, 4, async ({ args, phrase }) => {
      // policy makes no AWS call and has no --endpoint-url.
      const endpointFlag = args[0] === "policy" ? [] : ["--endpoint-url", endpoint.url];
      const result = await runCli([...args, ...endpointFlag], {
        env: FAKE_KEYS_ENV,
        stdin: "",
      });
      assertUsageError(result, phrase, endpoint.requests);
    });
  } finally {
    await endpoint.close();
  }
});

Deno.test("policy --expires prints the document create --expires attaches", async () => {
  const args = ["bkt", "--read-only", "--prefix", "a/", "--expires", "2030-01-31T18:00:00Z"];
  const policy = await runCli(["policy", ...args]);
  const dryRun = await runCli(["create", ...args, "--dry-run"]);
  assert.equal(policy.code, 0, policy.stderr);
  assert.equal(dryRun.code, 0, dryRun.stderr);
  const attached = dryRun.stdout.split(/^Would attach policy called .*$/m)[1]
    .split(/^Would call/m)[0];
  assert.deepEqual(JSON.parse(policy.stdout), JSON.parse(attached));
  assert.deepEqual(JSON.parse(policy.stdout).Statement.at(-1), {
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { DateGreaterThan: { "aws:CurrentTime": "2030-01-31T18:00:00Z" } },
  });
  assert.match(
    dryRun.stdout,
    /^\.\.\. with tags: \{.*"s3-credentials:expires": "2030-01-31T18:00:00Z"\}$/m,
  );
});
