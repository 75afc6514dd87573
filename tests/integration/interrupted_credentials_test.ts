// Ctrl+C (or SIGTERM) during create and rotate-access-key, with real signals to the real CLI:
// a key that exists is delivered and named, never left unheld; before it exists the run's
// changes are taken back.
import assert from "node:assert/strict";
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetUserCommand,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import { FAKE_KEYS_ENV, linesOf, spawnCli, type SpawnedCli } from "../support/cli.ts";
import { type Fault, type ProxiedRequest, startFaultProxy } from "../support/fault_proxy.ts";
import { iamAt, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const STOPPING = "Stopping after the AWS call in progress";
/** The start of --wait's line: the key exists and the run is waiting for it to work. */
const WAITING_LINE = "Waiting for access key";

/** Every GetCallerIdentity refused, as while IAM has not spread a new key: --wait goes on. */
function refuseIdentity(request: ProxiedRequest): Fault {
  return request.action === "GetCallerIdentity"
    ? { kind: "status", status: 403 }
    : { kind: "pass" };
}

/** Holds the answer to the first `action` until released; `arrived` settles once it is sent. */
function holdFirst(action: string) {
  const arrived = Promise.withResolvers<void>();
  const release = Promise.withResolvers<void>();
  let held = false;
  const decide = (request: ProxiedRequest): Fault => {
    if (request.action !== action || held) return { kind: "pass" };
    held = true;
    arrived.resolve();
    return { kind: "hold-response", release: release.promise };
  };
  return { decide, arrived: arrived.promise, release: () => release.resolve() };
}

/** Resolves once the CLI's stderr matches `pattern` (it has seen the signal, say). */
async function stderrShows(cli: SpawnedCli, pattern: string | RegExp): Promise<void> {
  const seen = () =>
    typeof pattern === "string" ? cli.stderr().includes(pattern) : pattern.test(cli.stderr());
  for (let waited = 0; !seen(); waited += 20) {
    if (waited > 20_000) throw new Error(`no ${pattern} on stderr:\n${cli.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

Deno.test("interrupted create and rotate-access-key", async (t) => {
  const moto = await startMoto();
  const iam = iamAt(moto.endpoint);
  const keysOf = async (UserName: string) =>
    ((await iam.send(new ListAccessKeysCommand({ UserName }))).AccessKeyMetadata ?? [])
      .map((key) => `${key.AccessKeyId}:${key.Status}`).sort();
  const userExists = (UserName: string) =>
    iam.send(new GetUserCommand({ UserName })).then(() => true, (error: Error) => {
      if (error.name === "NoSuchEntityException") return false;
      throw error;
    });
  const start = (
    proxyUrl: string,
    args: string[],
    ready: string | Promise<unknown>,
    wrapper?: string[],
  ) => spawnCli([...args, "--endpoint-url", proxyUrl], { env: FAKE_KEYS_ENV, ready, wrapper });
  try {
    await t.step("Ctrl+C during create --wait: printed, named, kept active", async () => {
      const proxy = startFaultProxy(moto.endpoint, refuseIdentity);
      try {
        const cli = await start(proxy.url, ["create", "int-wait", "-c", "--wait"], WAITING_LINE);
        const result = await cli.stop("SIGINT");
        assert.equal(result.code, 130, result.stderr);
        const printed = JSON.parse(result.stdout);
        assert.equal(printed.UserName, "s3.read-write.int-wait");
        assert.equal(
          linesOf(result.stderr).at(-1),
          "error: interrupted; the credentials were printed; user s3.read-write.int-wait, " +
            `created by this run, keeps active access key ${printed.AccessKeyId} ` +
            "and policy s3.read-write.int-wait",
        );
        assert.ok(!result.stderr.includes(printed.SecretAccessKey));
        assert.deepEqual(await keysOf("s3.read-write.int-wait"), [
          `${printed.AccessKeyId}:Active`,
        ]);
      } finally {
        await proxy.close();
      }
    });

    await t.step("SIGTERM between CreateAccessKey and the output: exit 143, printed", async () => {
      await iam.send(new CreateUserCommand({ UserName: "int-existing" }));
      const hold = holdFirst("CreateAccessKey");
      const proxy = startFaultProxy(moto.endpoint, hold.decide);
      try {
        const cli = await start(
          proxy.url,
          ["create", "int-wait", "--username", "int-existing"],
          hold.arrived,
        );
        const ending = cli.stop("SIGTERM");
        await stderrShows(cli, STOPPING);
        hold.release();
        const result = await ending;
        assert.equal(result.code, 143, result.stderr);
        const printed = JSON.parse(result.stdout);
        assert.equal(
          linesOf(result.stderr).at(-1),
          "error: terminated; the credentials were printed; existing user int-existing keeps " +
            `active access key ${printed.AccessKeyId} and policy s3.read-write.int-wait`,
        );
        assert.ok(!result.stderr.includes(printed.SecretAccessKey));
        assert.deepEqual(await keysOf("int-existing"), [`${printed.AccessKeyId}:Active`]);
      } finally {
        hold.release(); // Also when the test failed before releasing it.
        await proxy.close();
      }
    });

    await t.step(
      "Ctrl+C during --wait, output to a full disk: the key and user are deleted",
      async () => {
        const proxy = startFaultProxy(moto.endpoint, refuseIdentity);
        try {
          const cli = await start(
            proxy.url,
            ["create", "int-full", "-c", "--wait"],
            WAITING_LINE,
            ["bash", "-c", 'exec "$@" > /dev/full', "bash"],
          );
          const result = await cli.stop("SIGINT");
          assert.equal(result.code, 130, result.stderr);
          assert.match(
            linesOf(result.stderr).at(-1)!,
            /^error: interrupted; the credentials could not be written \(No space left on device\); deleted access key AKIA\w+ and user s3\.read-write\.int-full$/,
          );
          assert.equal(await userExists("s3.read-write.int-full"), false);
        } finally {
          await proxy.close();
        }
      },
    );

    await t.step(
      "Ctrl+C before the key exists: the user is removed, the bucket named",
      async () => {
        const hold = holdFirst("PutUserPolicy");
        const proxy = startFaultProxy(moto.endpoint, hold.decide);
        try {
          const cli = await start(proxy.url, ["create", "int-early", "-c"], hold.arrived);
          const ending = cli.stop("SIGINT");
          await stderrShows(cli, STOPPING);
          hold.release();
          const result = await ending;
          assert.equal(result.code, 130, result.stderr);
          assert.equal(result.stdout, "");
          const lines = linesOf(result.stderr);
          assert.ok(lines.includes("This run created bucket int-early; it is left in place"));
          assert.ok(
            lines.includes("Removed user s3.read-write.int-early, which this run had created"),
          );
          assert.equal(lines.at(-1), "error: interrupted");
          const actions = proxy.log.map((entry) => entry.request.action);
          assert.ok(!actions.includes("CreateAccessKey"), actions.join(" "));
          assert.equal(await userExists("s3.read-write.int-early"), false);
        } finally {
          hold.release(); // Also when the test failed before releasing it.
          await proxy.close();
        }
      },
    );

    await t.step("Ctrl+C during rotate-access-key --wait: printed, old key untouched", async () => {
      await iam.send(new CreateUserCommand({ UserName: "int-rotated" }));
      const { AccessKey: old } = await iam.send(
        new CreateAccessKeyCommand({ UserName: "int-rotated" }),
      );
      const proxy = startFaultProxy(moto.endpoint, refuseIdentity);
      try {
        const cli = await start(
          proxy.url,
          ["rotate-access-key", "int-rotated", "--wait"],
          WAITING_LINE,
        );
        const result = await cli.stop("SIGINT");
        assert.equal(result.code, 130, result.stderr);
        const printed = JSON.parse(result.stdout);
        assert.equal(
          linesOf(result.stderr).at(-1),
          `error: interrupted; the credentials were printed; new access key ${printed.AccessKeyId} ` +
            "of user int-rotated is active and the old keys are unchanged",
        );
        assert.ok(!result.stderr.includes(printed.SecretAccessKey));
        assert.deepEqual(
          await keysOf("int-rotated"),
          [`${old!.AccessKeyId}:Active`, `${printed.AccessKeyId}:Active`].sort(),
        );
      } finally {
        await proxy.close();
      }
    });
  } finally {
    iam.destroy();
    await moto.stop();
  }
});
