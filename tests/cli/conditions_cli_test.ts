// --source-ip, --vpc-endpoint, --require-tls from the command line: bad input is one usage
// error line before any AWS call; a /0 range is a warning; policy and --dry-run agree.
import assert from "node:assert/strict";
import {
  assertUsageError,
  FAKE_KEYS_ENV,
  linesOf,
  mapLimit,
  runCli,
  startFakeEndpoint,
} from "../support/cli.ts";

const NOT_AN_ADDRESS =
  "is not an IPv4 or IPv6 address or CIDR range (203.0.113.0/24, 2001:db8::/32)";
const NOT_AN_ENDPOINT =
  "is not a VPC endpoint id: vpce- followed by 8 to 17 lowercase hexadecimal characters";
const manyRanges = Array.from({ length: 100 }, (_, i) => ["--source-ip", `198.51.${i}.0/24`])
  .flat();

const cases: { args: string[]; phrase: string }[] = [
  {
    args: ["policy", "bkt", "--source-ip", "300.1.1.1/24"],
    phrase: `Invalid value for '--source-ip': 300.1.1.1/24 ${NOT_AN_ADDRESS}`,
  },
  {
    args: ["create", "bkt", "--source-ip", "10.0.0.0/33"],
    phrase: "Invalid value for '--source-ip': 10.0.0.0/33 has the prefix length 33: " +
      "IPv4 prefix lengths run from 0 to 32",
  },
  {
    args: ["create", "bkt", "-d", "1h", "--source-ip", "2001:db8::/129"],
    phrase: "2001:db8::/129 has the prefix length 129: IPv6 prefix lengths run from 0 to 128",
  },
  {
    args: ["localserver", "bkt", "-d", "1h", "--source-ip", "office.example.com"],
    phrase: `Invalid value for '--source-ip': office.example.com ${NOT_AN_ADDRESS}`,
  },
  {
    args: ["create", "bkt", "--vpc-endpoint", "vpce-1A2B3C4D"],
    phrase: `Invalid value for '--vpc-endpoint': vpce-1A2B3C4D ${NOT_AN_ENDPOINT}`,
  },
  {
    args: ["policy", "bkt", "--vpc-endpoint", "vpce-1234567"],
    phrase: `vpce-1234567 ${NOT_AN_ENDPOINT}`,
  },
  {
    args: ["localserver", "bkt", "-d", "1h", "--vpc-endpoint", "1a2b3c4d"],
    phrase: `1a2b3c4d ${NOT_AN_ENDPOINT}`,
  },
  {
    args: ["policy", "bkt", "--public-bucket", "--source-ip", "10.0.0.0/8", "--require-tls"],
    phrase: "--source-ip, --require-tls cannot be combined with --public-bucket",
  },
  {
    args: ["create", "bkt", "--require-tls", "--policy", '{"Version":"2012-10-17"}'],
    phrase: "--require-tls needs a policy document with a Statement to add to",
  },
  {
    args: ["create", "bkt", ...manyRanges],
    phrase: "the inline policies of user s3.read-write.bkt.",
  },
  { args: ["create", "bkt", "-d", "1h", ...manyRanges], phrase: "the session policy would be " },
  {
    args: ["localserver", "bkt", "-d", "1h", ...manyRanges],
    phrase: "the session policy would be ",
  },
];

Deno.test("bad --source-ip and --vpc-endpoint values are usage errors with no AWS call", async () => {
  const endpoint = startFakeEndpoint();
  try {
    await mapLimit(cases, 4, async ({ args, phrase }) => {
      // policy makes no AWS call and has no --endpoint-url.
      const endpointFlag = args[0] === "policy" ? [] : ["--endpoint-url", endpoint.url];
      const result = await runCli([...args, ...endpointFlag], { env: FAKE_KEYS_ENV, stdin: "" });
      assertUsageError(result, phrase, endpoint.requests);
    });
  } finally {
    await endpoint.close();
  }
});

Deno.test("a /0 range is accepted with a warning that it restricts nothing", async () => {
  const result = await runCli(["policy", "bkt", "--source-ip", "0.0.0.0/0", "--source-ip", "::/0"]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(linesOf(result.stderr), [
    "warning: --source-ip 0.0.0.0/0 restricts nothing: it matches every IPv4 address",
    "warning: --source-ip ::/0 restricts nothing: it matches every IPv6 address",
  ]);
  assert.deepEqual(JSON.parse(result.stdout).Statement.at(-1).Condition.NotIpAddress, {
    "aws:SourceIp": ["0.0.0.0/0", "::/0"],
  });
});

Deno.test("policy prints the statements create --dry-run attaches, and the tag", async () => {
  const args = [
    "bkt",
    "--read-only",
    "--source-ip",
    "203.0.113.7",
    "--source-ip",
    "2001:db8::/32",
    "--vpc-endpoint",
    "vpce-1a2b3c4d",
    "--require-tls",
  ];
  const [policy, dryRun, session] = await Promise.all([
    runCli(["policy", ...args]),
    runCli(["create", ...args, "--dry-run"]),
    runCli(["create", ...args, "-d", "1h", "--dry-run"]),
  ]);
  for (const result of [policy, dryRun, session]) assert.equal(result.code, 0, result.stderr);
  const attached = dryRun.stdout.split(/^Would attach policy called .*$/m)[1]
    .split(/^Would call/m)[0];
  const assumed = session.stdout.split(/^Would assume role using following policy .*$/m)[1];
  const printed = JSON.parse(policy.stdout);
  assert.deepEqual(JSON.parse(attached), printed);
  assert.deepEqual(JSON.parse(assumed), printed);
  assert.deepEqual(printed.Statement.slice(-2), [
    {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: {
        NotIpAddress: { "aws:SourceIp": ["203.0.113.7/32", "2001:db8::/32"] },
        StringNotEquals: { "aws:SourceVpce": ["vpce-1a2b3c4d"] },
        Bool: { "aws:ViaAWSService": "false" },
      },
    },
    {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ]);
  assert.match(
    dryRun.stdout,
    /^\.\.\. with tags: \{.*"s3-credentials:conditions": "203\.0\.113\.7\/32 2001:db8::\/32 vpce-1a2b3c4d require-tls"\}$/m,
  );
  // A user of its own: the Deny covers every key of the user.
  assert.match(dryRun.stdout, /^Would create user: 's3\.read-only\.bkt\.[0-9a-f]{8}'/m);
});
