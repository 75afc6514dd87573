// create --source-ip / --vpc-endpoint / --require-tls against the moto emulator, which stores
// the statements but does not evaluate these conditions (the simulator tests prove what they
// allow): the user policy and the session policy sent to STS carry what --dry-run shows, the
// user carries the conditions tag, and the credentials work from the test's own address.
import assert from "node:assert/strict";
import {
  CreateUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListUserPoliciesCommand,
  ListUserTagsCommand,
} from "@aws-sdk/client-iam";
import { CONDITIONS_TAG, RUN_TAG } from "../../lib/policy/tags.ts";
import { runCli } from "../support/cli.ts";
import { assertOneErrorLine, clientOptions, MOTO_KEYS_ENV } from "../support/account_commands.ts";
import { startFaultProxy } from "../support/fault_proxy.ts";
import { startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

/** The test's own address as the emulator sees it, and an endpoint that is not in use here. */
const CONDITIONS = ["--source-ip", "127.0.0.1", "--source-ip", "2001:db8::/32"];
const VPCE = ["--vpc-endpoint", "vpce-1a2b3c4d"];

/** The statements the conditions add, as `policy` prints them. */
async function expectedStatements(args: string[]): Promise<unknown[]> {
  const policy = await runCli(["policy", "cond-bkt", ...args]);
  assert.equal(policy.code, 0, policy.stderr);
  return JSON.parse(policy.stdout).Statement.filter((s: { Effect: string }) => s.Effect === "Deny");
}

Deno.test("create with conditions against the emulator", async (t) => {
  const moto = await startMoto();
  const proxy = startFaultProxy(moto.endpoint);
  const iam = new IAMClient(clientOptions(moto));
  const cli = (env: Record<string, string>, ...args: string[]) =>
    runCli([...args, "--endpoint-url", proxy.url], { env, stdin: "" });
  const denies = await expectedStatements([...CONDITIONS, ...VPCE, "--require-tls"]);
  assert.equal(denies.length, 2);
  try {
    let keyEnv: Record<string, string> = {};
    let userName = "";
    await t.step("an access key: the user policy, the tag and list-access-keys", async () => {
      const dry = await cli(
        MOTO_KEYS_ENV,
        "create",
        "cond-bkt",
        "-c",
        ...CONDITIONS,
        ...VPCE,
        "--require-tls",
        "--dry-run",
      );
      assert.equal(dry.code, 0, dry.stderr);
      const shown = JSON.parse(
        dry.stdout.split(/^Would attach policy called .*$/m)[1]
          .split(/^Would call/m)[0],
      );
      assert.deepEqual(shown.Statement.slice(-2), denies);

      const run = await cli(
        MOTO_KEYS_ENV,
        "create",
        "cond-bkt",
        "-c",
        ...CONDITIONS,
        ...VPCE,
        "--require-tls",
      );
      assert.equal(run.code, 0, run.stderr);
      const key = JSON.parse(run.stdout);
      assert.match(key.UserName, /^s3\.read-write\.cond-bkt\.[0-9a-f]{8}$/);
      const UserName = userName = key.UserName;
      const { PolicyNames } = await iam.send(new ListUserPoliciesCommand({ UserName }));
      assert.deepEqual(PolicyNames, ["s3.read-write.cond-bkt"]);
      const { PolicyDocument } = await iam.send(
        new GetUserPolicyCommand({ UserName, PolicyName: PolicyNames![0] }),
      );
      assert.deepEqual(JSON.parse(decodeURIComponent(PolicyDocument!)), shown);
      const { Tags } = await iam.send(new ListUserTagsCommand({ UserName }));
      const conditions = "127.0.0.1/32 2001:db8::/32 vpce-1a2b3c4d require-tls";
      assert.deepEqual(Tags?.find((tag) => tag.Key === CONDITIONS_TAG)?.Value, conditions);
      assert.ok(Tags?.some((tag) => tag.Key === RUN_TAG));

      const listed = await cli(MOTO_KEYS_ENV, "list-access-keys", UserName);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(
        JSON.parse(listed.stdout).map((row: { Conditions: string }) => row.Conditions),
        [
          conditions,
        ],
      );
      keyEnv = {
        AWS_ACCESS_KEY_ID: key.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: key.SecretAccessKey,
        AWS_REGION: "us-east-1",
      };
    });

    await t.step("an existing --username is refused before any change", async () => {
      await iam.send(new CreateUserCommand({ UserName: "existing" }));
      const result = await cli(
        MOTO_KEYS_ENV,
        "create",
        "cond-bkt",
        "--username",
        "existing",
        "--require-tls",
      );
      assertOneErrorLine(
        result,
        "user existing already exists: --require-tls would also restrict its other access keys, " +
          "so it only creates new users",
      );
      const { PolicyNames } = await iam.send(new ListUserPoliciesCommand({ UserName: "existing" }));
      assert.deepEqual(PolicyNames, []);
    });

    await t.step("temporary credentials: the session policy sent to STS", async () => {
      const args = ["create", "cond-bkt", "-d", "15m", ...CONDITIONS, ...VPCE, "--require-tls"];
      const dry = await cli(MOTO_KEYS_ENV, ...args, "--dry-run");
      assert.equal(dry.code, 0, dry.stderr);
      const shown = JSON.parse(
        dry.stdout.split(/^Would assume role using following policy .*$/m)[1],
      );
      assert.deepEqual(shown.Statement.slice(-2), denies);
      const before = proxy.log.length;
      const run = await cli(MOTO_KEYS_ENV, ...args);
      assert.equal(run.code, 0, run.stderr);
      const assumeRoles = proxy.log.slice(before).filter((entry) =>
        entry.request.action === "AssumeRole"
      );
      assert.equal(assumeRoles.length, 1);
      const sent = new URLSearchParams(new TextDecoder().decode(assumeRoles[0].request.body));
      assert.deepEqual(JSON.parse(sent.get("Policy")!), shown);
    });

    // Under enforcement moto takes every condition operator but StringEquals as met, so any
    // conditional Deny refuses everything there: the key is used with enforcement off.
    await t.step("the key works from the test's own address, listed in --source-ip", async () => {
      const file = await Deno.makeTempFile();
      try {
        await Deno.writeTextFile(file, "hello");
        const who = await cli(keyEnv, "whoami");
        assert.equal(who.code, 0, who.stderr);
        assert.equal(JSON.parse(who.stdout).Arn, `arn:aws:iam::123456789012:user/${userName}`);
        const put = await cli(keyEnv, "put-object", "cond-bkt", "a.txt", file);
        assert.equal(put.code, 0, put.stderr);
        const got = await cli(keyEnv, "get-object", "cond-bkt", "a.txt");
        assert.equal(got.code, 0, got.stderr);
        assert.equal(got.stdout, "hello");
      } finally {
        await Deno.remove(file);
      }
    });
  } finally {
    iam.destroy();
    await proxy.close();
    await moto.stop();
  }
});
