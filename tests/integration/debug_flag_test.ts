// --debug against the emulator: one stderr line per AWS request with its operation, endpoint,
// status, request id and retries, one for the credential source; stdout as without --debug;
// no secret, token or signature anywhere on stderr.
import assert from "node:assert/strict";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { clientOptions } from "../support/account_commands.ts";
import { type CliResult, linesOf, runCli } from "../support/cli.ts";
import { startMoto } from "../support/moto.ts";

/** A request line: service, operation, endpoint, status, duration, request id, retries. */
const REQUEST_LINE =
  /^debug: (s3|iam|sts) ([A-Za-z0-9]+) (http:\/\/127\.0\.0\.1:\d+) (\d{3}) \d+ ms request-id (\S+) retries (\d+)$/;

interface Request {
  service: string;
  operation: string;
  endpoint: string;
  status: number;
  requestId: string;
  retries: number;
}

/** The request lines of `stderr` (every debug line other than the source must be one). */
function requests(stderr: string): Request[] {
  return linesOf(stderr).filter((line) =>
    line.startsWith("debug: ") && !/credentials from/.test(line)
  )
    .map((line) => {
      const match = line.match(REQUEST_LINE);
      assert.ok(match, `a request line: ${line}`);
      const [, service, operation, endpoint, status, requestId, retries] = match;
      return {
        service,
        operation,
        endpoint,
        status: Number(status),
        requestId,
        retries: Number(retries),
      };
    });
}

/** Nothing secret on stderr: the keys given, and no signature or authorization header. */
function assertNoSecret(result: CliResult, secrets: string[]) {
  for (const secret of secrets) {
    assert.ok(!result.stderr.includes(secret), `a secret on stderr: ${result.stderr}`);
  }
  for (const word of ["Signature=", "X-Amz-Signature", "Authorization", "X-Amz-Security-Token"]) {
    assert.ok(!result.stderr.toLowerCase().includes(word.toLowerCase()), `${word} on stderr`);
  }
}

Deno.test("--debug logs each request and the credential source, and nothing secret", async (t) => {
  const moto = await startMoto();
  const iam = new IAMClient(clientOptions(moto));
  const dir = await Deno.makeTempDir({ prefix: "s3c-debug-" });
  try {
    await iam.send(new CreateUserCommand({ UserName: "debugger" }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "debugger" }));
    const adminEnv = {
      AWS_ACCESS_KEY_ID: AccessKey!.AccessKeyId!,
      AWS_SECRET_ACCESS_KEY: AccessKey!.SecretAccessKey!,
      AWS_REGION: "us-east-1",
    };
    const run = (env: Record<string, string>, ...args: string[]) =>
      runCli([...args, "--endpoint-url", moto.endpoint], { env });
    let temporary: Record<string, string> = {};

    await t.step("create: its IAM and S3 calls, each 200 with a request id", async () => {
      const result = await run(adminEnv, "create", "debug-bucket", "-c", "-d", "15m", "--debug");
      assert.equal(result.code, 0, result.stderr);
      const keys = JSON.parse(result.stdout);
      temporary = {
        AWS_ACCESS_KEY_ID: keys.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.SecretAccessKey,
        AWS_SESSION_TOKEN: keys.SessionToken,
        AWS_REGION: "us-east-1",
      };
      assert.ok(linesOf(result.stderr).includes("debug: credentials from environment"));
      const seen = requests(result.stderr);
      const operations = seen.map(({ service, operation }) => `${service} ${operation}`);
      for (const expected of ["s3 CreateBucket", "iam CreateRole", "sts AssumeRole"]) {
        assert.ok(operations.includes(expected), `${expected} in ${operations}`);
        assert.equal(seen[operations.indexOf(expected)].status, 200, expected);
      }
      for (const request of seen) {
        // Probes for what exists first (HeadBucket, GetRole) may find nothing.
        const probe = /^(Head|Get)/.test(request.operation);
        assert.ok(request.status === 200 || (probe && request.status === 404), request.operation);
        assert.equal(request.endpoint, moto.endpoint);
        assert.equal(request.retries, 0);
        assert.match(request.requestId, /^[A-Za-z0-9]{8,}$/);
      }
      assertNoSecret(result, [
        adminEnv.AWS_SECRET_ACCESS_KEY,
        keys.SecretAccessKey,
        keys.SessionToken,
      ]);
      // Without --debug, create's stdout has the same shape and stderr has no debug line.
      const plain = await run(adminEnv, "create", "debug-bucket-2", "-c", "-d", "15m");
      assert.equal(plain.code, 0, plain.stderr);
      assert.deepEqual(Object.keys(JSON.parse(plain.stdout)), Object.keys(keys));
      assert.doesNotMatch(plain.stderr, /debug:/);
    });

    const file = `${dir}/hello.txt`;
    await Deno.writeTextFile(file, "hello, debug\n");
    const cases: { name: string; args: string[]; operations: string[] }[] = [
      {
        name: "put-object",
        args: ["put-object", "debug-bucket", "hello.txt", file],
        operations: ["s3 PutObject"],
      },
      {
        name: "get-object",
        args: ["get-object", "debug-bucket", "hello.txt"],
        operations: ["s3 GetObject"],
      },
      {
        name: "list-bucket",
        args: ["list-bucket", "debug-bucket"],
        operations: ["s3 ListObjectsV2"],
      },
      { name: "whoami", args: ["whoami"], operations: ["sts GetCallerIdentity"] },
      // Many-object commands send small objects and listing pages without the SDK's stack.
      {
        name: "get-objects",
        args: ["get-objects", "debug-bucket", "-o", `${dir}/downloaded`, "-s"],
        operations: ["s3 ListObjectsV2", "s3 GetObject"],
      },
      {
        name: "put-objects",
        args: ["put-objects", "debug-bucket", file, "-s"],
        operations: ["s3 PutObject"],
      },
    ];
    for (const testCase of cases) {
      await t.step(`${testCase.name}: its requests, stdout unchanged`, async () => {
        const debug = await run(temporary, ...testCase.args, "--debug");
        const plain = await run(temporary, ...testCase.args);
        assert.equal(debug.code, 0, debug.stderr);
        assert.equal(plain.code, 0, plain.stderr);
        assert.equal(debug.stdout, plain.stdout);
        assert.doesNotMatch(plain.stderr, /debug:/);
        assert.ok(linesOf(debug.stderr).includes("debug: credentials from environment"));
        const seen = requests(debug.stderr);
        assert.deepEqual(
          seen.map(({ service, operation }) => `${service} ${operation}`),
          testCase.operations,
        );
        for (const request of seen) {
          assert.equal(request.status, 200);
          assert.equal(request.endpoint, moto.endpoint);
          assert.match(request.requestId, /^[A-Za-z0-9]{8,}$/);
        }
        assertNoSecret(debug, [temporary.AWS_SECRET_ACCESS_KEY, temporary.AWS_SESSION_TOKEN]);
      });
    }

    await t.step("a failed request: its status and the error line", async () => {
      const result = await run(temporary, "get-object", "debug-bucket", "missing.txt", "--debug");
      assert.equal(result.code, 1);
      assert.equal(result.stdout, "");
      const [request] = requests(result.stderr);
      assert.equal(request.operation, "GetObject");
      assert.equal(request.status, 404);
      assert.match(linesOf(result.stderr).at(-1)!, /^error: .*NoSuchKey/);
    });
  } finally {
    iam.destroy();
    await moto.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
