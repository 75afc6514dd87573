// Bad input to create --tag/--wait and the access key commands: exit 2, one `error:` line,
// nothing on stdout, and not a single request to AWS.
import {
  assertUsageError,
  FAKE_KEYS_ENV,
  mapLimit,
  runCli,
  startFakeEndpoint,
} from "../support/cli.ts";

const cases = [
  {
    args: ["create", "bkt", "--tag", "team"],
    phrase: "Invalid value for '--tag': 'team' is not KEY=VALUE",
  },
  {
    args: ["create", "bkt", "--tag", "s3-credentials:permission=read-only"],
    phrase: "tag keys starting with s3-credentials: are reserved for this tool",
  },
  {
    args: ["create", "bkt", "--tag", "team=a,b"],
    phrase: "the value of tag team has a character IAM and S3 refuse",
  },
  {
    args: ["create", "bkt", ...Array.from({ length: 48 }, (_, i) => ["--tag", `k${i}=v`]).flat()],
    phrase: "at most 47 --tag values: IAM allows 50 tags and this tool sets 3",
  },
  {
    args: [
      "create",
      "bkt",
      "--expires",
      "30d",
      ...Array.from({ length: 47 }, (_, i) => ["--tag", `k${i}=v`]).flat(),
    ],
    phrase:
      "Invalid value for '--tag': at most 46 --tag values with --expires: IAM allows 50 tags " +
      "and this tool sets 4",
  },
  {
    args: ["create", "bkt", "--tag", "Team=a", "--tag", "team=b"],
    phrase: "tag key team is given more than once",
  },
  { args: ["create", "bkt", "--wait-timeout", "10"], phrase: "--wait-timeout needs --wait" },
  {
    args: ["create", "bkt", "--wait", "--wait-timeout", "soon"],
    phrase: "Invalid value for '--wait-timeout': 'soon' is not a time such as 45, 45s or 2m",
  },
  {
    args: ["create", "bkt", "--wait", "-d", "15m"],
    phrase: "--wait applies to access keys: leave it out with --duration",
  },
  {
    args: ["list-access-keys", "alice", "--all"],
    phrase: "--all lists every user: leave it out when naming users",
  },
  { args: ["list-access-keys", "--csv", "--nl"], phrase: "--nl, --csv cannot be used together" },
  { args: ["rotate-access-key"], phrase: "Missing argument 'USERNAME'." },
  { args: ["rotate-access-key", "bad name!"], phrase: "is not a valid IAM user name" },
  {
    args: ["rotate-access-key", "u", "-f", "yaml"],
    phrase: "'yaml' is not one of 'json', 'ini', 'env'",
  },
  {
    args: ["deactivate-access-key", "AKIA-not-a-key"],
    phrase: "Invalid value for 'KEY_IDS': 'AKIA-not-a-key' is not an access key ID",
  },
  { args: ["activate-access-key"], phrase: "Missing argument 'KEY_IDS...'." },
  {
    args: ["delete-access-key", "AKIAIOSFODNN7EXAMPLE", "--username", "bad name!"],
    phrase: "is not a valid IAM user name",
  },
];

Deno.test("usage errors of --tag, --wait and the access key commands: exit 2, no request", async () => {
  const endpoint = startFakeEndpoint();
  try {
    const results = await mapLimit(
      cases,
      4,
      (c) => runCli([...c.args, "--endpoint-url", endpoint.url], { env: FAKE_KEYS_ENV }),
    );
    for (const [i, result] of results.entries()) {
      assertUsageError(result, cases[i].phrase, endpoint.requests);
    }
  } finally {
    await endpoint.close();
  }
});
