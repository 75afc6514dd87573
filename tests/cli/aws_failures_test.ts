// Failures that happen while talking to AWS: exit code 1, one `error:` line,
// no stack trace, fast, and never a secret key on stderr.
import assert from "node:assert/strict";
import { type CliResult, linesOf, runCli, STACK_FRAME, startFakeEndpoint } from "../support/cli.ts";

const SECRET = "sekrit-Value-0123456789";

const ACCESS_DENIED_XML = '<?xml version="1.0" encoding="UTF-8"?>\n' +
  "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>";

function assertOneErrorLine(result: CliResult, phrase: string | RegExp) {
  const context = `stderr: ${JSON.stringify(result.stderr)}`;
  assert.equal(result.code, 1, context);
  assert.equal(result.stdout, "", context);
  const lines = linesOf(result.stderr);
  assert.equal(lines.length, 1, `exactly one stderr line; ${context}`);
  assert.ok(lines[0].startsWith("error: "), context);
  if (typeof phrase === "string") assert.ok(lines[0].includes(phrase), context);
  else assert.match(lines[0], phrase);
  assert.doesNotMatch(result.stderr, STACK_FRAME);
  assert.ok(!result.stderr.includes(SECRET), "the secret key must not be printed");
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

const HEAD_BUCKET = /^HEAD \/bkt\/?$/;

const keysEnv = {
  AWS_ACCESS_KEY_ID: "AKIATESTING",
  AWS_SECRET_ACCESS_KEY: SECRET,
  AWS_REGION: "us-east-1",
};

Deno.test("create without any credentials fails fast before any request", async () => {
  const endpoint = startFakeEndpoint();
  try {
    const [result, ms] = await timed(() =>
      runCli(["create", "bkt", "--endpoint-url", endpoint.url], {
        env: { AWS_REGION: "us-east-1" },
      })
    );
    assertOneErrorLine(result, "no AWS credentials found");
    assert.ok(ms < 10_000, `took ${ms} ms`);
    assert.deepEqual(endpoint.requests, []);
  } finally {
    await endpoint.close();
  }
});

Deno.test("create against an unreachable endpoint fails with a clear message", async () => {
  const [result, ms] = await timed(() =>
    runCli(["create", "bkt", "--endpoint-url", "http://127.0.0.1:1"], { env: keysEnv })
  );
  assertOneErrorLine(result, "cannot reach the AWS endpoint");
  assert.ok(ms < 15_000, `took ${ms} ms`);
});

Deno.test("create: HeadBucket answers", async (t) => {
  const denied = startFakeEndpoint(() =>
    new Response(ACCESS_DENIED_XML, { status: 403, headers: { "content-type": "application/xml" } })
  );
  const missing = startFakeEndpoint(() => new Response(null, { status: 404 }));
  const dir = await Deno.makeTempDir({ prefix: "s3c-fail-" });
  try {
    const authFile = `${dir}/auth.json`;
    await Deno.writeTextFile(
      authFile,
      JSON.stringify({ AccessKeyId: "AKIAFILE", SecretAccessKey: SECRET }),
    );
    const region = { AWS_REGION: "us-east-1" };
    const [fromEnv, fromFlags, fromAuth, notThere] = await Promise.all([
      runCli(["create", "bkt", "--endpoint-url", denied.url], { env: keysEnv }),
      runCli(
        [
          "create",
          "bkt",
          "--endpoint-url",
          denied.url,
          "--access-key",
          "AK",
          "--secret-key",
          SECRET,
        ],
        { env: region },
      ),
      runCli(["create", "bkt", "--endpoint-url", denied.url, "-a", authFile], { env: region }),
      runCli(["create", "bkt", "--endpoint-url", missing.url], { env: keysEnv }),
    ]);
    await t.step("403 AccessDenied: access to the bucket is denied", () => {
      for (const result of [fromEnv, fromFlags, fromAuth]) {
        assertOneErrorLine(result, /Access denied to bucket bkt \(403 Forbidden\)/);
      }
      // One HeadBucket per run, nothing after it.
      assert.equal(denied.requests.length, 3, denied.requests.join(", "));
      for (const request of denied.requests) assert.match(request, HEAD_BUCKET);
    });
    await t.step("404 without --create-bucket: the bucket does not exist", () => {
      assertOneErrorLine(notThere, "Bucket does not exist: bkt - try --create-bucket");
      assert.equal(missing.requests.length, 1, missing.requests.join(", "));
      assert.match(missing.requests[0], HEAD_BUCKET);
    });
  } finally {
    await Promise.all([denied.close(), missing.close()]);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a proxy's page instead of an AWS answer is named by its status, on both transports", async () => {
  const proxyPage = startFakeEndpoint(() =>
    new Response("proxy says no", { status: 502, headers: { "content-type": "text/plain" } })
  );
  try {
    const [download, identity] = await Promise.all([
      // Transfers retry 502 twenty times: their pauses are shrunk ten times.
      runCli(["get-object", "bkt", "k.txt", "--endpoint-url", proxyPage.url], {
        env: { ...keysEnv, S3_CREDENTIALS_TEST_TIME_SCALE: "0.1" },
      }),
      runCli(["whoami", "--endpoint-url", proxyPage.url], { env: keysEnv }),
    ]);
    assertOneErrorLine(
      download,
      /^error: An error occurred \(502\) when calling the GetObject operation: Bad Gateway \(the answer was not an AWS response\)$/,
    );
    assertOneErrorLine(
      identity,
      /^error: An error occurred \(502\) when calling the GetCallerIdentity operation: Bad Gateway \(the answer was not an AWS response\)$/,
    );
  } finally {
    await proxyPage.close();
  }
});
