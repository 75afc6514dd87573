// A profile's role (source_profile, with and without MFA) assumed against the emulator through a
// recording proxy: the AssumeRole goes where --endpoint-url / --sts-endpoint-url say, once per
// run, carrying the MFA device and code; its failures name AssumeRole.
import assert from "node:assert/strict";
import { type CliResult, linesOf, runCli } from "../support/cli.ts";
import { type FaultProxy, startFaultProxy } from "../support/fault_proxy.ts";
import { startMoto } from "../support/moto.ts";
import { MFA, ROLE, ROLE_PROFILES } from "../support/role_profiles.ts";

/** Runs the CLI with ROLE_PROFILES as its config and no other credentials. */
async function withProfiles(args: string[]): Promise<CliResult> {
  const home = await Deno.makeTempDir({ prefix: "s3c-roles-" });
  try {
    await Deno.writeTextFile(`${home}/config`, ROLE_PROFILES);
    return await runCli(args, {
      awsEnv: false,
      env: {
        HOME: home,
        AWS_CONFIG_FILE: `${home}/config`,
        AWS_SHARED_CREDENTIALS_FILE: `${home}/credentials`,
        AWS_EC2_METADATA_DISABLED: "true",
      },
    });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

/** The form fields of the requests for `action` the proxy saw. */
function sent(proxy: FaultProxy, action: string): URLSearchParams[] {
  return proxy.log.filter(({ request }) => request.action === action).map(({ request }) =>
    new URLSearchParams(new TextDecoder().decode(request.body))
  );
}

function assertAssumedRole(result: CliResult) {
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, "");
  assert.match(JSON.parse(result.stdout).Arn, /^arn:aws:sts::123456789012:assumed-role\/admin\//);
}

Deno.test("a profile's role is assumed at the run's endpoint", async (t) => {
  const moto = await startMoto();
  let proxy = startFaultProxy(moto.endpoint);
  const fresh = async (decide?: Parameters<typeof startFaultProxy>[1]) => {
    await proxy.close();
    proxy = startFaultProxy(moto.endpoint, decide);
  };
  try {
    await t.step("chained: --endpoint-url alone sends the AssumeRole there", async () => {
      const result = await withProfiles([
        "whoami",
        "--profile",
        "chained",
        "--endpoint-url",
        proxy.url,
      ]);
      assertAssumedRole(result);
      assert.deepEqual(proxy.log.map(({ request }) => request.action), [
        "AssumeRole",
        "GetCallerIdentity",
      ]);
      const [assume] = sent(proxy, "AssumeRole");
      assert.equal(assume.get("RoleArn"), ROLE);
      assert.equal(assume.get("SerialNumber"), null);
      // The role is assumed with the source profile's keys.
      const [first] = proxy.log;
      assert.match(first.request.headers.get("authorization") ?? "", /AKIABASEPROFILE1\//);
    });

    await t.step("--mfa-code: the AssumeRole carries the device and the code", async () => {
      await fresh();
      const result = await withProfiles([
        "whoami",
        "--profile",
        "withmfa",
        "--mfa-code",
        "123456",
        "--endpoint-url",
        proxy.url,
      ]);
      assertAssumedRole(result);
      const [assume, ...more] = sent(proxy, "AssumeRole");
      assert.deepEqual(more, []);
      assert.equal(assume.get("SerialNumber"), MFA);
      assert.equal(assume.get("TokenCode"), "123456");
    });

    await t.step("one AssumeRole for a run that uses several clients", async () => {
      await fresh();
      const result = await withProfiles([
        "create",
        "roles-bucket",
        "--create-bucket",
        "--profile",
        "chained",
        "--endpoint-url",
        proxy.url,
      ]);
      assert.equal(result.code, 0, result.stderr);
      const actions = proxy.log.map(({ request }) => request.action);
      assert.ok(actions.includes("CreateUser"), actions.join());
      assert.equal(actions.filter((action) => action === "AssumeRole").length, 1, actions.join());
    });

    await t.step("--sts-endpoint-url wins over --endpoint-url for the AssumeRole", async () => {
      await fresh();
      const result = await withProfiles([
        "whoami",
        "--profile",
        "chained",
        "--endpoint-url",
        proxy.url,
        "--sts-endpoint-url",
        "http://127.0.0.1:1",
      ]);
      assert.equal(result.code, 1);
      assert.deepEqual(linesOf(result.stderr), [
        "error: cannot reach the AWS endpoint (AssumeRole): connection refused",
      ]);
      assert.deepEqual(proxy.log, []);
    });
    await t.step("a refused AssumeRole is named as the call that failed", async () => {
      await fresh();
      // Under enforcement the emulator does not know the base profile's keys.
      await moto.enableAuth();
      const result = await withProfiles([
        "whoami",
        "--profile",
        "chained",
        "--endpoint-url",
        proxy.url,
      ]);
      await moto.disableAuth();
      assert.equal(result.code, 1);
      assert.equal(result.stdout, "");
      assert.deepEqual(linesOf(result.stderr), [
        "error: An error occurred (InvalidClientTokenId) when calling the AssumeRole operation: " +
        "The security token included in the request is invalid.",
      ]);
    });
  } finally {
    await proxy.close();
    await moto.stop();
  }
});
