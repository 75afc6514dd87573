// Usage errors of whoami, list-users, list-roles, list-buckets,
// list-user-policies and delete-user: exit code 2, one `error:` line,
// nothing on stdout, and not a single request to AWS.
import assert from "node:assert/strict";
import {
  assertUsageError,
  FAKE_KEYS_ENV,
  mapLimit,
  runCli,
  startFakeEndpoint,
} from "../support/cli.ts";

interface Case {
  args: string[];
  phrase: string;
}

const LISTINGS = ["list-users", "list-roles", "list-buckets", "list-user-policies"];

const cases: Case[] = [
  ...LISTINGS.flatMap((command): Case[] => [
    { args: [command, "--csv", "--tsv"], phrase: "--csv, --tsv cannot be used together" },
    {
      args: [command, "--nl", "--csv", "--tsv"],
      phrase: "--nl, --csv, --tsv cannot be used together",
    },
    { args: [command, "--json"], phrase: "No such option: --json" },
  ]),
  { args: ["list-users", "someone"], phrase: "Got unexpected extra argument (someone)" },
  { args: ["whoami", "extra"], phrase: "Got unexpected extra argument (extra)" },
  { args: ["list-roles", "--detail"], phrase: "No such option: --detail" },
  { args: ["delete-user"], phrase: "Missing argument 'USERNAMES...'" },
  {
    args: ["delete-user", "ok-user", "bad name!"],
    phrase: "Invalid value for 'USERNAMES': 'bad name!' is not a valid IAM user name",
  },
  {
    args: ["list-user-policies", "a".repeat(65)],
    phrase: "is not a valid IAM user name",
  },
  {
    args: ["delete-user", "u", "--auth", "/nonexistent/creds.json"],
    phrase: "Invalid value for '--auth'",
  },
  {
    args: ["list-buckets", "--access-key", "AKIA", "--auth", "-"],
    phrase: "--auth cannot be used with --access-key",
  },
];

Deno.test("usage errors of the account commands: exit 2, one line, no request", async () => {
  const endpoint = startFakeEndpoint();
  try {
    const results = await mapLimit(
      cases,
      4,
      (c) =>
        runCli([...c.args, "--endpoint-url", endpoint.url], {
          env: FAKE_KEYS_ENV,
          stdin: '{"AccessKeyId": "a", "SecretAccessKey": "b"}',
        }),
    );
    for (const [i, result] of results.entries()) {
      assertUsageError(result, cases[i].phrase, endpoint.requests);
    }
  } finally {
    await endpoint.close();
  }
});

Deno.test("each account command has help naming its arguments", async () => {
  const expected: Record<string, string> = {
    whoami: "s3-credentials whoami [",
    "list-users": "s3-credentials list-users [--nl] [--csv] [--tsv]",
    "list-roles": "<ROLE_NAMES>...",
    "list-buckets": "<BUCKETS>...",
    "list-user-policies": "<USERNAMES>...",
    "delete-user": "<USERNAMES>...",
  };
  const results = await mapLimit(
    Object.keys(expected),
    3,
    (command) => runCli([command, "--help"]),
  );
  for (const [i, command] of Object.keys(expected).entries()) {
    assert.equal(results[i].code, 0, results[i].stderr);
    assert.ok(results[i].stdout.includes(expected[command]), `${command}: ${results[i].stdout}`);
  }
  const top = await runCli(["--help"]);
  for (const command of Object.keys(expected)) {
    assert.match(top.stdout, new RegExp(`^\\s+${command}\\s`, "m"), command);
  }
});
