// A lost CreateAccessKey answer while another run gives the same user a key: only the single
// key that appeared while the lost call was in flight is deleted, never the other run's.
import assert from "node:assert/strict";
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetUserCommand,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import { FAKE_KEYS_ENV, linesOf, runCli } from "../support/cli.ts";
import { type Decide, type ProxiedRequest, startFaultProxy } from "../support/fault_proxy.ts";
import { iamAt, type Moto, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

async function through(moto: Moto, decide: Decide, args: string[]) {
  const proxy = startFaultProxy(moto.endpoint, decide);
  try {
    return await runCli([...args, "--endpoint-url", proxy.url], { env: FAKE_KEYS_ENV });
  } finally {
    await proxy.close();
  }
}

Deno.test("a lost CreateAccessKey answer never deletes another run's key", async (t) => {
  const moto = await startMoto();
  const iam = iamAt(moto.endpoint);
  const keysOf = async (UserName: string) =>
    ((await iam.send(new ListAccessKeysCommand({ UserName }))).AccessKeyMetadata ?? [])
      .map((key) => key.AccessKeyId!).sort();
  /** Another run's key for `username`, made when the first request of `action` arrives. */
  const otherRunDuring = (action: string, username: string, lose: boolean) => {
    const made: string[] = [];
    let done = false;
    const decide = async (request: ProxiedRequest) => {
      if (request.action !== action || done) return { kind: "pass" } as const;
      done = true;
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: username }));
      made.push(AccessKey!.AccessKeyId!);
      return lose ? { kind: "lose-response" } as const : { kind: "pass" } as const;
    };
    return { decide, made };
  };
  try {
    await t.step("a key delivered before CreateAccessKey is kept; the lost one goes", async () => {
      await iam.send(new CreateUserCommand({ UserName: "shared" }));
      // The other run's key arrives while this run attaches its policy, after it checked the keys.
      const other = otherRunDuring("PutUserPolicy", "shared", false);
      let lostSent = false;
      const result = await through(moto, async (request) => {
        if (request.action === "CreateAccessKey" && !lostSent) {
          lostSent = true;
          return { kind: "lose-response" };
        }
        return await other.decide(request);
      }, ["create", "shared-bucket", "-c", "--username", "shared"]);
      assert.equal(result.code, 0, result.stderr);
      const printed = JSON.parse(result.stdout).AccessKeyId;
      assert.deepEqual(await keysOf("shared"), [other.made[0], printed].sort());
      assert.match(
        result.stderr,
        /^Deleted access key AKIA\w+, whose secret was lost with CreateAccessKey's answer$/m,
      );
    });

    await t.step("two keys appeared meanwhile: none is deleted, both are named", async () => {
      await iam.send(new CreateUserCommand({ UserName: "keyless" }));
      const other = otherRunDuring("CreateAccessKey", "keyless", true);
      const result = await through(moto, other.decide, ["rotate-access-key", "keyless"]);
      const keys = await keysOf("keyless");
      assert.equal(keys.length, 2);
      assert.ok(keys.includes(other.made[0]));
      assert.equal(result.code, 1);
      assert.equal(result.stdout, "");
      const lines = linesOf(result.stderr);
      assert.equal(lines.length, 1, result.stderr);
      const named =
        /^error: CreateAccessKey got no answer and meanwhile access keys (\w+), (\w+) appeared on user keyless: another run may hold one, so none was deleted; delete the one whose secret nobody has with s3-credentials delete-access-key KEY --username keyless$/
          .exec(lines[0]);
      assert.ok(named, lines[0]);
      assert.deepEqual([named[1], named[2]].sort(), keys);
    });

    await t.step("create: a user shared with another run that way is left in place", async () => {
      const other = otherRunDuring("CreateAccessKey", "fresh", true);
      const result = await through(moto, other.decide, [
        "create",
        "shared-bucket",
        "--username",
        "fresh",
      ]);
      assert.equal(result.code, 1);
      assert.equal(result.stdout, "");
      const lines = linesOf(result.stderr);
      assert.ok(
        lines.includes(
          "This run created user fresh; it is left in place, since another run may hold one " +
            "of its access keys",
        ),
        result.stderr,
      );
      assert.match(
        lines.at(-1)!,
        /^error: CreateAccessKey got no answer and meanwhile access keys/,
      );
      await iam.send(new GetUserCommand({ UserName: "fresh" }));
      assert.ok((await keysOf("fresh")).includes(other.made[0]));
    });
  } finally {
    iam.destroy();
    await moto.stop();
  }
});
