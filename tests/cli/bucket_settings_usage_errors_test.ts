// set-bucket-policy, set-public-access-block, set-cors-policy and the other bucket settings
// commands: invalid input is exit code 2, one `error:` line, nothing on stdout, and not a
// single request to AWS. Also: --help everywhere, and `-h` is not help
// (in set-cors-policy it is --allowed-header).
import assert from "node:assert/strict";
import {
  assertUsageError,
  FAKE_KEYS_ENV,
  mapLimit,
  runCli,
  startFakeEndpoint,
} from "../support/cli.ts";

interface Case {
  name: string;
  args: (dir: string) => string[];
  /** A phrase the error line must contain. */
  phrase: string;
  stdin?: string;
}

const cases: Case[] = [
  {
    name: "set-bucket-policy: invalid JSON in the policy file",
    args: (dir) => ["set-bucket-policy", "bkt", "--policy-file", `${dir}/bad.json`],
    phrase: "Invalid value for '--policy-file': '",
  },
  {
    name: "set-bucket-policy: missing policy file",
    args: (dir) => ["set-bucket-policy", "bkt", "--policy-file", `${dir}/missing.json`],
    phrase: "missing.json': No such file or directory",
  },
  {
    name: "set-bucket-policy: a directory as policy file",
    args: (dir) => ["set-bucket-policy", "bkt", "--policy-file", dir],
    phrase: "is a directory",
  },
  {
    name: "set-bucket-policy: a JSON array is not a policy",
    args: (dir) => ["set-bucket-policy", "bkt", "--policy-file", `${dir}/array.json`],
    phrase: "must hold a JSON object",
  },
  {
    name: "set-bucket-policy: invalid JSON on standard input",
    args: () => ["set-bucket-policy", "bkt", "--policy-file", "-"],
    stdin: "{nope",
    phrase: "standard input is not valid JSON",
  },
  {
    name: "set-bucket-policy: both --policy-file and --allow-all-get",
    args: (
      dir,
    ) => ["set-bucket-policy", "bkt", "--policy-file", `${dir}/good.json`, "--allow-all-get"],
    phrase: "Cannot pass both --allow-all-get and --policy-file",
  },
  {
    name: "set-bucket-policy: neither --policy-file nor --allow-all-get",
    args: () => ["set-bucket-policy", "bkt"],
    phrase: "Specify --policy-file FILE or --allow-all-get",
  },
  {
    name: "set-public-access-block: maybe instead of true/false",
    args: () => ["set-public-access-block", "bkt", "--block-public-acls", "maybe"],
    phrase: "Invalid value for '--block-public-acls': 'maybe' is not a valid boolean",
  },
  {
    name: "set-public-access-block: no setting",
    args: () => ["set-public-access-block", "bkt"],
    phrase: "Give at least one of --block-public-acls",
  },
  {
    name: "set-public-access-block: --allow-public-access with a setting",
    args: () => [
      "set-public-access-block",
      "bkt",
      "--allow-public-access",
      "--restrict-public-buckets",
      "true",
    ],
    phrase: "--allow-public-access cannot be combined",
  },
  {
    name: "set-public-access-block: a setting without its value",
    args: () => ["set-public-access-block", "bkt", "--ignore-public-acls"],
    phrase: "requires an argument",
  },
  {
    name: "set-cors-policy: unsupported method",
    args: () => ["set-cors-policy", "bkt", "-m", "FOO"],
    phrase: "Invalid value for '--allowed-method': 'FOO' is not one of",
  },
  {
    name: "set-cors-policy: --max-age-seconds abc",
    args: () => ["set-cors-policy", "bkt", "--max-age-seconds", "abc"],
    phrase: "Invalid value for '--max-age-seconds': 'abc' is not a valid integer",
  },
  {
    name: "set-cors-policy: negative --max-age-seconds",
    args: () => ["set-cors-policy", "bkt", "--max-age-seconds", "-5"],
    phrase: "must be 0 or more",
  },
  {
    name: "set-cors-policy: -h needs a header (it is not help)",
    args: () => ["set-cors-policy", "bkt", "-h"],
    phrase: "requires an argument",
  },
  ...[
    "debug-bucket",
    "get-bucket-policy",
    "get-cors-policy",
    "get-public-access-block",
  ].flatMap((command): Case[] => [
    { name: `${command}: no bucket`, args: () => [command], phrase: "Missing argument 'BUCKET'" },
    {
      name: `${command}: invalid bucket name`,
      args: () => [command, "Bad/Bucket"],
      phrase: "'Bad/Bucket' is not a valid bucket name",
    },
    {
      name: `${command}: two buckets`,
      args: () => [command, "bkt-one", "bkt-two"],
      phrase: "Got unexpected extra argument (bkt-two)",
    },
  ]),
  {
    name: "-h is not a help option at the top level",
    args: () => ["-h"],
    phrase: "No such command '-h'",
  },
];

async function makeFiles(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "s3c-bucket-settings-usage-" });
  await Deno.writeTextFile(`${dir}/bad.json`, '{"Version": "2012-10-17",\n');
  await Deno.writeTextFile(`${dir}/array.json`, "[]");
  await Deno.writeTextFile(`${dir}/good.json`, '{"Version": "2012-10-17", "Statement": []}');
  return dir;
}

Deno.test("bucket settings commands: invalid input is a usage error and makes no AWS call", async (t) => {
  const dir = await makeFiles();
  try {
    const outcomes = await mapLimit(cases, 4, async (testCase) => {
      const endpoint = startFakeEndpoint();
      try {
        // The endpoint goes right after the command, so that a case's last option stays last.
        const [command, ...rest] = testCase.args(dir);
        const result = await runCli([command, "--endpoint-url", endpoint.url, ...rest], {
          env: { ...FAKE_KEYS_ENV },
          stdin: testCase.stdin,
        });
        return { testCase, result, requests: [...endpoint.requests] };
      } finally {
        await endpoint.close();
      }
    });
    for (const { testCase, result, requests } of outcomes) {
      await t.step(testCase.name, () => assertUsageError(result, testCase.phrase, requests));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bucket settings commands: --help works; in set-cors-policy -h is --allowed-header", async (t) => {
  const commands = [
    "debug-bucket",
    "get-bucket-policy",
    "get-cors-policy",
    "get-public-access-block",
    "set-bucket-policy",
    "set-cors-policy",
    "set-public-access-block",
  ];
  const results = await mapLimit(commands, 4, (command) => runCli([command, "--help"]));
  for (const [i, command] of commands.entries()) {
    await t.step(`${command} --help`, () => {
      const result = results[i];
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "");
      assert.match(result.stdout, new RegExp(`s3-credentials ${command} .*<BUCKET>`));
      assert.match(result.stdout, /--endpoint-url/);
    });
  }
  await t.step("set-cors-policy --help lists -h as --allowed-header, and no -h for help", () => {
    const help = results[commands.indexOf("set-cors-policy")].stdout;
    assert.match(help, /^ +-h \[--allowed-header\]\.\.\. /m);
    assert.match(help, /^ +--help +Print help information and exit$/m);
    assert.doesNotMatch(help, /-h,? +--help/);
  });
});
