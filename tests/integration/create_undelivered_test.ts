// create whose credentials cannot be written (a full disk, a closed pipe) takes them back.
import assert from "node:assert/strict";
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUserPoliciesCommand,
} from "@aws-sdk/client-iam";
import { FAKE_KEYS_ENV, linesOf, runCli, STACK_FRAME } from "../support/cli.ts";
import { iamAt, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

/** The emulator accepts these keys while enforcement is off. */
const ENV = FAKE_KEYS_ENV;

const TO_DEV_FULL = '"$@" > /dev/full';
// `true` exits at once without reading, long before the CLI has credentials to write.
const TO_CLOSED_PIPE = '"$@" | true; exit "${PIPESTATUS[0]}"';

function lastLine(stderr: string): string {
  return linesOf(stderr).at(-1) ?? "";
}

Deno.test("create: credentials that cannot be written are taken back", async (t) => {
  const moto = await startMoto();
  const cli = (shell: string, ...args: string[]) =>
    runCli([...args, "--endpoint-url", moto.endpoint], { env: ENV, shell });
  const iam = iamAt(moto.endpoint);
  const keysOf = async (UserName: string) =>
    ((await iam.send(new ListAccessKeysCommand({ UserName }))).AccessKeyMetadata ?? [])
      .map((key) => key.AccessKeyId);
  try {
    await t.step("> /dev/full: the new key and the new user are deleted", async () => {
      const result = await cli(TO_DEV_FULL, "create", "full-bucket", "-c");
      assert.equal(result.code, 1, result.stderr);
      assert.match(
        lastLine(result.stderr),
        /^error: the credentials could not be written \(No space left on device\); deleted access key AKIA\w+ and user s3\.read-write\.full-bucket$/,
      );
      assert.equal(result.stderr.match(/^error:/gm)?.length, 1);
      assert.doesNotMatch(result.stderr, STACK_FRAME);
      await assert.rejects(
        iam.send(new GetUserCommand({ UserName: "s3.read-write.full-bucket" })),
        (e: Error) => e.name === "NoSuchEntityException",
      );
    });

    await t.step("a closed pipe: the key given to an existing user is deleted", async () => {
      await iam.send(new CreateUserCommand({ UserName: "existing" }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "existing" }));
      const result = await cli(
        TO_CLOSED_PIPE,
        "create",
        "full-bucket",
        "--username",
        "existing",
      );
      assert.equal(result.code, 1, result.stderr);
      assert.match(
        lastLine(result.stderr),
        /^error: the credentials could not be written \(Broken pipe\); deleted access key AKIA\w+ of existing user existing; policies s3\.read-write\.full-bucket stay attached to existing user existing$/,
      );
      // Only the key the user had before remains; the user and its policy stay.
      assert.deepEqual(await keysOf("existing"), [AccessKey!.AccessKeyId]);
      const { PolicyNames } = await iam.send(new ListUserPoliciesCommand({ UserName: "existing" }));
      assert.deepEqual(PolicyNames, ["s3.read-write.full-bucket"]);
    });

    await t.step("--duration > /dev/full: an error, nothing to delete", async () => {
      const result = await cli(TO_DEV_FULL, "create", "full-bucket", "-d", "15m", "--silent");
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stderr,
        "error: the credentials could not be written (No space left on device)\n",
      );
    });
  } finally {
    iam.destroy();
    await moto.stop();
  }
});
