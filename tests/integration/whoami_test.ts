// whoami against the moto emulator.
import assert from "node:assert/strict";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import {
  assertOneErrorLine,
  cliAgainst,
  clientOptions,
  enforceWithPowerlessUser,
} from "../support/account_commands.ts";
import { startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

Deno.test("whoami against the emulator", async (t) => {
  const moto = await startMoto();
  const iam = new IAMClient(clientOptions(moto));
  try {
    await t.step("prints the caller's UserId, Account and Arn as 4-space JSON", async () => {
      await iam.send(new CreateUserCommand({ UserName: "alice" }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "alice" }));
      const result = await cliAgainst(moto, {
        AWS_ACCESS_KEY_ID: AccessKey!.AccessKeyId!,
        AWS_SECRET_ACCESS_KEY: AccessKey!.SecretAccessKey!,
        AWS_REGION: "us-east-1",
      })("whoami");
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "");
      const { UserId } = JSON.parse(result.stdout);
      assert.equal(
        result.stdout,
        `{\n    "UserId": "${UserId}",\n    "Account": "123456789012",\n` +
          `    "Arn": "arn:aws:iam::123456789012:user/alice",\n    "Source": "environment"\n}\n`,
      );
    });

    await t.step("temporary credentials from create show the assumed role", async () => {
      const created = await cliAgainst(moto)("create", "whoami-bucket", "-c", "-d", "15m");
      assert.equal(created.code, 0, created.stderr);
      const keys = JSON.parse(created.stdout);
      const result = await cliAgainst(moto, {
        AWS_ACCESS_KEY_ID: keys.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.SecretAccessKey,
        AWS_SESSION_TOKEN: keys.SessionToken,
        AWS_REGION: "us-east-1",
      })("whoami");
      assert.equal(result.code, 0, result.stderr);
      const identity = JSON.parse(result.stdout);
      assert.deepEqual(Object.keys(identity), ["UserId", "Account", "Arn", "Source"]);
      assert.equal(identity.Source, "environment");
      assert.equal(
        identity.Arn,
        "arn:aws:sts::123456789012:assumed-role/s3-credentials.AmazonS3FullAccess/" +
          "s3.read-write.whoami-bucket",
      );
    });

    await t.step("Source names keys given by flag, by --auth file and by profile", async () => {
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "alice" }));
      const keys = [
        "--access-key",
        AccessKey!.AccessKeyId!,
        "--secret-key",
        AccessKey!.SecretAccessKey!,
      ];
      const home = await Deno.makeTempDir({ prefix: "s3c-whoami-" });
      try {
        const auth = `${home}/auth.json`;
        await Deno.writeTextFile(
          auth,
          JSON.stringify({
            AccessKeyId: AccessKey!.AccessKeyId,
            SecretAccessKey: AccessKey!.SecretAccessKey,
          }),
        );
        const credentials = `${home}/credentials`;
        await Deno.writeTextFile(
          credentials,
          `[alice]\naws_access_key_id = ${AccessKey!.AccessKeyId}\n` +
            `aws_secret_access_key = ${AccessKey!.SecretAccessKey}\n`,
        );
        const env = { AWS_REGION: "us-east-1", AWS_SHARED_CREDENTIALS_FILE: credentials };
        const sources: [string[], string][] = [
          [keys, "--access-key"],
          [["--auth", auth], "--auth FILE"],
          [["--profile", "alice"], "profile alice"],
        ];
        for (const [args, source] of sources) {
          const result = await cliAgainst(moto, env)("whoami", ...args);
          assert.equal(result.code, 0, result.stderr);
          const identity = JSON.parse(result.stdout);
          assert.equal(identity.Arn, "arn:aws:iam::123456789012:user/alice");
          assert.equal(identity.Source, source);
        }
      } finally {
        await Deno.remove(home, { recursive: true });
      }
    });

    await t.step("keys the service does not know: one error line, exit 1", async () => {
      await enforceWithPowerlessUser(moto);
      const result = await cliAgainst(moto, {
        AWS_ACCESS_KEY_ID: "AKIADOESNOTEXIST0000",
        AWS_SECRET_ACCESS_KEY: "nope",
        AWS_REGION: "us-east-1",
      })("whoami");
      assertOneErrorLine(result, "when calling the GetCallerIdentity operation");
    });
  } finally {
    iam.destroy();
    await moto.stop();
  }
});
