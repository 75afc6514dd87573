// Input the CLI refuses or reports before (or instead of) talking to AWS: empty prefixes,
// legacy bucket names, profiles, standard input wanted twice, regions, INI auth files,
// a closed stdout and an endpoint that never answers.
import assert from "node:assert/strict";
import {
  assertUsageError,
  FAKE_KEYS_ENV,
  linesOf,
  runCli,
  STACK_FRAME,
  startFakeEndpoint,
  startSilentEndpoint,
} from "../support/cli.ts";

const KEYS = ["--access-key", "AKIATESTING", "--secret-key", "testing"];

Deno.test("an empty --prefix is a usage error, not a whole-bucket grant", async () => {
  const result = await runCli(["policy", "bkt", "--prefix", "x/", "--prefix", ""]);
  assertUsageError(result, "--prefix");
});

Deno.test("invalid JSON in --policy-file is reported without quoting the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/policy.json`;
    await Deno.writeTextFile(path, "wJalrXUtnFEMI-secret-start is not json");
    const endpoint = startFakeEndpoint();
    try {
      const result = await runCli(
        ["set-bucket-policy", "bkt", "--policy-file", path, "--endpoint-url", endpoint.url],
        { env: FAKE_KEYS_ENV },
      );
      assertUsageError(result, "is not valid JSON", endpoint.requests);
      assert.ok(!result.stderr.includes("wJalr"), result.stderr);
    } finally {
      await endpoint.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("legacy bucket names are accepted where no bucket is created", async () => {
  const result = await runCli(["policy", "Old_Bucket.Name"]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stdout.includes('"arn:aws:s3:::Old_Bucket.Name/*"'), result.stdout);
  const long = await runCli(["policy", "a".repeat(255)]);
  assert.equal(long.code, 0, long.stderr);
  assertUsageError(await runCli(["policy", "a".repeat(256)]), "255");
  assertUsageError(await runCli(["policy", "bad/name"]), "bad/name");
});

Deno.test("creating a bucket keeps today's naming rules", async () => {
  const result = await runCli(["create", "Old_Bucket", "--create-bucket", "--dry-run"], {
    env: FAKE_KEYS_ENV,
  });
  assertUsageError(result, "lowercase");
  const existing = await runCli(["create", "Old_Bucket", "--dry-run"], { env: FAKE_KEYS_ENV });
  assert.equal(existing.code, 0, existing.stderr);
});

Deno.test("a missing profile names the files it was looked for in", async () => {
  const endpoint = startFakeEndpoint();
  try {
    const result = await runCli(["whoami", "--profile", "nope", "--endpoint-url", endpoint.url]);
    assertUsageError(result, "profile 'nope' not found in ", endpoint.requests);
    assert.match(result.stderr, /aws-config-does-not-exist/);
    assert.match(result.stderr, /aws-credentials-do-not-exist/);
  } finally {
    await endpoint.close();
  }
});

Deno.test("a missing profile from AWS_PROFILE is named too (~/.aws by default)", async () => {
  const endpoint = startFakeEndpoint();
  try {
    const result = await runCli(["whoami", "--endpoint-url", endpoint.url], {
      awsEnv: false,
      env: { AWS_PROFILE: "nope", AWS_EC2_METADATA_DISABLED: "true" },
    });
    assertUsageError(result, "profile 'nope' not found in ", endpoint.requests, 1);
    assert.match(result.stderr, /\.aws\/config/);
    assert.match(result.stderr, /\.aws\/credentials/);
  } finally {
    await endpoint.close();
  }
});

Deno.test("an unreadable AWS config file is reported as such", async () => {
  const dir = await Deno.makeTempDir();
  const endpoint = startFakeEndpoint();
  try {
    await Deno.writeTextFile(`${dir}/config`, "[default]\nregion = us-east-1\n", { mode: 0o000 });
    // Tests run as root, whom file modes do not stop: deny the read to the process instead.
    const result = await runCli(["whoami", "--endpoint-url", endpoint.url], {
      env: { AWS_CONFIG_FILE: `${dir}/config` },
      permissions: ["-A", `--deny-read=${dir}/config`],
    });
    assertUsageError(result, "Permission denied", endpoint.requests, 1);
    assert.ok(result.stderr.includes(`${dir}/config`), result.stderr);
  } finally {
    await endpoint.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the SDK's warning about AWS_PROFILE beside keys never reaches the user", async () => {
  const dir = await Deno.makeTempDir();
  const endpoint = startFakeEndpoint();
  try {
    await Deno.writeTextFile(
      `${dir}/credentials`,
      "[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other\n",
    );
    const result = await runCli(["whoami", "--endpoint-url", endpoint.url], {
      env: {
        ...FAKE_KEYS_ENV,
        AWS_PROFILE: "other",
        AWS_SHARED_CREDENTIALS_FILE: `${dir}/credentials`,
      },
    });
    // The fake endpoint answers 500: one error line, and no warning before it.
    assert.equal(result.code, 1, result.stderr);
    assert.equal(linesOf(result.stderr).length, 1, result.stderr);
    assert.doesNotMatch(result.stderr, /Multiple credential sources/);
  } finally {
    await endpoint.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a closed standard output ends the run quietly", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--cached-only", new URL("../../main.ts", import.meta.url).pathname].concat(
      ["policy", ...Array.from({ length: 400 }, (_, i) => `bucket-${i}`)],
    ),
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  // Read nothing and close the pipe, as `| head -0` would.
  await child.stdout.cancel();
  const status = await child.status;
  const stderr = await new Response(child.stderr).text();
  assert.equal(stderr, "");
  assert.equal(status.code, 0);
});

Deno.test("two inputs that both want standard input are a usage error", async () => {
  const endpoint = startFakeEndpoint();
  try {
    const run = (args: string[]) =>
      runCli([...args, "--endpoint-url", endpoint.url], {
        stdin: '{"AccessKeyId": "a", "SecretAccessKey": "b"}',
        env: { AWS_REGION: "us-east-1" },
      });
    const phrase = "cannot both read standard input";
    assertUsageError(
      await run(["create", "bkt", "--auth", "-", "--policy", "-"]),
      phrase,
      endpoint.requests,
    );
    assertUsageError(await run(["put-object", "bkt", "key", "-", "--auth", "-"]), phrase);
    assertUsageError(
      await run(["set-bucket-policy", "bkt", "--policy-file", "-", "--auth", "-"]),
      phrase,
      endpoint.requests,
    );
  } finally {
    await endpoint.close();
  }
});

Deno.test("a malformed --region is a usage error", async () => {
  const endpoint = startFakeEndpoint();
  try {
    for (const region of ["us_east_1", "US-EAST-1", "useast1", "https://x"]) {
      const result = await runCli(
        ["whoami", "--region", region, ...KEYS, "--endpoint-url", endpoint.url],
      );
      assertUsageError(result, "--region", endpoint.requests);
    }
    assertUsageError(
      await runCli(["create", "bkt", "-c", "--bucket-region", "eu west 1", "--dry-run"], {
        env: FAKE_KEYS_ENV,
      }),
      "--bucket-region",
    );
    for (const region of ["us-gov-west-1", "cn-north-1", "eu-isoe-west-1", "ap-southeast-2"]) {
      const result = await runCli(["create", "bkt", "--region", region, ...KEYS, "--dry-run"]);
      assert.equal(result.code, 0, `${region}: ${result.stderr}`);
    }
  } finally {
    await endpoint.close();
  }
});

Deno.test("garbage lines in an INI --auth file are a usage error", async () => {
  const endpoint = startFakeEndpoint();
  try {
    const ini = "[default]\naws_access_key_id = AKIA1\naws_secret_access_key = s3cr3t\n" +
      "oops this line is no setting\n";
    const result = await runCli(
      ["whoami", "--auth", "-", "--endpoint-url", endpoint.url],
      { stdin: ini, env: { AWS_REGION: "us-east-1" } },
    );
    assertUsageError(result, "line 4", endpoint.requests);
    assert.ok(!result.stderr.includes("oops"), result.stderr);
  } finally {
    await endpoint.close();
  }
});

// Each attempt waits at most 5 s to connect and 4 s for an answer, and the SDK makes 3: the limits
// are shrunk ten times here (S3_CREDENTIALS_TEST_TIME_SCALE), so the bound is proved in seconds.
Deno.test("an endpoint that accepts connections and never answers fails after 3 attempts", async () => {
  const silent = startSilentEndpoint();
  try {
    const url = silent.url;
    for (const command of ["list-buckets", "whoami"]) {
      const connectionsBefore = silent.connections;
      const start = performance.now();
      const result = await runCli([command, "--endpoint-url", url], {
        env: { ...FAKE_KEYS_ENV, S3_CREDENTIALS_TEST_TIME_SCALE: "0.1" },
      });
      const seconds = (performance.now() - start) / 1000;
      assert.equal(result.code, 1, result.stderr);
      assert.equal(linesOf(result.stderr).length, 1, result.stderr);
      assert.match(result.stderr, /^error: .*timed out/);
      assert.doesNotMatch(result.stderr, STACK_FRAME);
      assert.equal(silent.connections - connectionsBefore, 3, `${command}: attempts`);
      // 3 attempts of 0.4 s in silence, plus start-up and the SDK's pauses between attempts.
      assert.ok(seconds < 6, `${command} took ${seconds.toFixed(1)} s`);
    }
  } finally {
    await silent.close();
  }
});
