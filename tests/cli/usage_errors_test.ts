// Every invalid input: exit code 2, one `error:` line on stderr, nothing on
// stdout, no stack trace, and (for create) not a single request to AWS.
import {
  assertUsageError,
  FAKE_KEYS_ENV,
  mapLimit,
  runCli,
  startFakeEndpoint,
} from "../support/cli.ts";

interface Files {
  dir: string;
  badJson: string;
  emptyJson: string;
  garbage: string;
  defaultOnlyIni: string;
  goodIni: string;
}

interface Case {
  name: string;
  args: (files: Files) => string[];
  /** A phrase the error line must contain. */
  phrase: string;
  stdin?: string;
  /** Exit code; 2 unless given. */
  code?: number;
  /** `create` cases also get --endpoint-url of a counting server (unless they test it). */
  endpointFlag?: boolean;
}

const DURATION_FORM = "Duration must be of form 3600s or 15m or 2h";
const DURATION_RANGE = "Duration must be between 15 minutes and 12 hours";

const createCases: Case[] = [
  { name: "no bucket", args: () => ["create"], phrase: "Missing argument 'BUCKETS...'" },
  {
    name: "--read-only with --write-only",
    args: () => ["create", "bkt", "--read-only", "--write-only"],
    phrase: "Cannot use --read-only and --write-only at the same time",
  },
  ...["1d", "1H", "15M", "1.5h", "-5"].map((value): Case => ({
    name: `duration ${value} (form)`,
    args: () => ["create", "bkt", "--duration", value],
    phrase: DURATION_FORM,
  })),
  ...["899", "14m", "13h", "43201"].map((value): Case => ({
    name: `duration ${value} (range)`,
    args: () => ["create", "bkt", "-d", value],
    phrase: DURATION_RANGE,
  })),
  {
    name: "--statement array",
    args: () => ["create", "bkt", "--statement", "[1]"],
    phrase: "JSON must be an object",
  },
  {
    name: "--statement not JSON",
    args: () => ["create", "bkt", "--statement", "nope"],
    phrase: "Invalid JSON string",
  },
  {
    name: "--statement missing keys",
    args: () => ["create", "bkt", "--statement", '{"Effect":"Allow"}'],
    phrase: "Statement JSON missing required keys: Action, Resource",
  },
  {
    name: "--policy literal bad JSON",
    args: () => ["create", "bkt", "--policy", "{bad"],
    phrase: "Invalid JSON string",
  },
  {
    name: "--policy missing file",
    args: () => ["create", "bkt", "--policy", "/nonexistent.json"],
    phrase: "File not found",
  },
  {
    name: "--policy directory",
    args: (f) => ["create", "bkt", "--policy", f.dir],
    phrase: "is a directory",
  },
  {
    name: "--policy file with invalid JSON",
    args: (f) => ["create", "bkt", "--policy", f.badJson],
    phrase: "File contained invalid JSON",
  },
  {
    name: "--policy - with invalid stdin",
    args: () => ["create", "bkt", "--policy", "-"],
    stdin: "{not json",
    phrase: "Input contained invalid JSON",
  },
  ...["my bucket", "ab", "bad/name"].map((name): Case => ({
    name: `invalid bucket name ${name}`,
    args: () => ["create", "ok-bucket", name],
    phrase: `'${name}' is not a valid bucket name`,
  })),
  {
    name: "-f xml",
    args: () => ["create", "bkt", "-f", "xml"],
    phrase: "'xml' is not one of 'json', 'ini', 'env', 'dotenv', 'fish', 'powershell', 'process'",
  },
  {
    name: "-a missing file",
    args: () => ["create", "bkt", "-a", "/nonexistent-auth.json"],
    phrase: "No such file or directory",
  },
  {
    name: "-a file with {}",
    args: (f) => ["create", "bkt", "-a", f.emptyJson],
    phrase: "no credentials found",
  },
  {
    name: "-a file without a section",
    args: (f) => ["create", "bkt", "-a", f.garbage],
    phrase: "no [section]",
  },
  {
    name: "-a INI with only [DEFAULT]",
    args: (f) => ["create", "bkt", "-a", f.defaultOnlyIni],
    phrase: "no credentials found",
  },
  {
    name: "-a with --access-key",
    args: (f) => ["create", "bkt", "-a", f.goodIni, "--access-key", "X"],
    phrase: "--auth cannot be used with --access-key",
  },
  {
    name: "-a with --access-key also in a dry run",
    args: (f) => ["create", "bkt", "--dry-run", "-a", f.goodIni, "--access-key", "X"],
    phrase: "--auth cannot be used with --access-key",
  },
  {
    name: "--access-key without --secret-key",
    args: () => ["create", "bkt", "--access-key", "X"],
    phrase: "--access-key and --secret-key must be given together",
  },
  {
    name: "--endpoint-url not a URL",
    args: () => ["create", "bkt", "--endpoint-url", "notaurl"],
    phrase: "'notaurl' is not a URL",
    endpointFlag: false,
  },
  {
    name: "--username with a space",
    args: () => ["create", "bkt", "--username", "bad name"],
    phrase: "Invalid value for '--username': 'bad name' is not a valid IAM user name",
  },
  {
    name: "--user-permissions-boundary not an ARN",
    args: () => ["create", "bkt", "--user-permissions-boundary", "foo"],
    phrase: "Invalid value for '--user-permissions-boundary'",
  },
  {
    name: "--policy with --read-only",
    args: () => ["create", "bkt", "--policy", '{"Version":"2012-10-17"}', "--read-only"],
    phrase: "--policy cannot be combined with --read-only",
  },
  {
    name: "--duration without value",
    args: () => ["create", "bkt", "-d"],
    phrase: "requires an argument",
  },
];

const policyCases: Case[] = [
  {
    name: "policy --public-bucket with two buckets",
    args: () => ["policy", "bkt-one", "bkt-two", "--public-bucket"],
    phrase: "--public-bucket policy can only be generated for a single bucket",
  },
  {
    name: "policy --prefix without value",
    args: () => ["policy", "bkt", "--prefix"],
    phrase: "Option '--prefix' requires an argument",
  },
  { name: "policy without bucket", args: () => ["policy"], phrase: "Missing argument" },
  {
    name: "policy invalid bucket name",
    args: () => ["policy", "My/Bucket"],
    phrase: "'My/Bucket' is not a valid bucket name",
  },
  {
    name: "policy --statement missing keys",
    args: () => ["policy", "bkt", "--statement", "{}"],
    phrase: "Statement JSON missing required keys: Action, Effect, Resource",
  },
  {
    name: "policy does not take AWS options",
    args: () => ["policy", "bkt", "--endpoint-url", "http://127.0.0.1:1"],
    phrase: "No such option: --endpoint-url",
  },
];

async function makeFiles(): Promise<Files> {
  const dir = await Deno.makeTempDir({ prefix: "s3c-usage-" });
  const write = async (name: string, text: string) => {
    await Deno.writeTextFile(`${dir}/${name}`, text);
    return `${dir}/${name}`;
  };
  return {
    dir,
    badJson: await write("bad.json", '{"Version": '),
    emptyJson: await write("empty.json", "{}\n"),
    garbage: await write("garbage.txt", "garbage\n"),
    defaultOnlyIni: await write(
      "default-only.ini",
      "[DEFAULT]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n",
    ),
    goodIni: await write(
      "good.ini",
      "[default]\naws_access_key_id=AKIAGOOD\naws_secret_access_key=secret\n",
    ),
  };
}

interface Outcome {
  testCase: Case;
  result: { code: number; stdout: string; stderr: string };
  requests: string[];
}

async function runCase(testCase: Case, files: Files): Promise<Outcome> {
  const endpoint = startFakeEndpoint();
  try {
    const args = testCase.args(files);
    const isCreate = args[0] === "create";
    if (isCreate && testCase.endpointFlag !== false) args.push("--endpoint-url", endpoint.url);
    const result = await runCli(args, {
      env: isCreate ? { ...FAKE_KEYS_ENV } : {},
      stdin: testCase.stdin,
    });
    return { testCase, result, requests: [...endpoint.requests] };
  } finally {
    await endpoint.close();
  }
}

function check({ testCase, result, requests }: Outcome) {
  assertUsageError(result, testCase.phrase, requests, testCase.code ?? 2);
}

async function runTable(t: Deno.TestContext, cases: Case[]) {
  const files = await makeFiles();
  try {
    const outcomes = await mapLimit(cases, 4, (c) => runCase(c, files));
    for (const outcome of outcomes) {
      await t.step(outcome.testCase.name, () => check(outcome));
    }
  } finally {
    await Deno.remove(files.dir, { recursive: true });
  }
}

Deno.test("create: invalid input is a usage error and makes no AWS call", async (t) => {
  await runTable(t, createCases);
});

Deno.test("policy: invalid input is a usage error", async (t) => {
  await runTable(t, policyCases);
});
