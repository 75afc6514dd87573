// cleanup when a user cannot be deleted, against the emulator.
import assert from "node:assert/strict";
import {
  CreateUserCommand,
  IAMClient,
  ListUsersCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { EXPIRES_TAG, PERMISSION_TAG } from "../../lib/policy/tags.ts";
import { cliAgainst, clientOptions } from "../support/account_commands.ts";
import { linesOf } from "../support/cli.ts";
import { startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const EXPIRED_TAGS = [
  { Key: PERMISSION_TAG, Value: "read-only" },
  { Key: EXPIRES_TAG, Value: "2020-01-01T00:00:00Z" },
];

Deno.test("cleanup against the emulator: a user it cannot delete", async (t) => {
  const moto = await startMoto();
  const iam = new IAMClient(clientOptions(moto));
  const userNames = async (client: IAMClient) =>
    ((await client.send(new ListUsersCommand({}))).Users ?? []).map((u) => u.UserName!).sort();
  try {
    await t.step("a user that cannot be deleted does not stop the others", async () => {
      for (const UserName of ["exp-a", "exp-b"]) {
        await iam.send(new CreateUserCommand({ UserName, Tags: EXPIRED_TAGS }));
      }
      await iam.send(
        new PutUserPolicyCommand({
          UserName: "exp-a",
          PolicyName: "inline",
          PolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }],
          }),
        }),
      );
      const admin = await moto.enableAuth();
      const adminIam = new IAMClient(clientOptions(moto, admin));
      try {
        // The first user in cleanup's order has an inline policy, which the caller may not delete.
        await adminIam.send(
          new PutUserPolicyCommand({
            UserName: "admin",
            PolicyName: "keep-inline-policies",
            PolicyDocument: JSON.stringify({
              Version: "2012-10-17",
              Statement: [{ Effect: "Deny", Action: "iam:DeleteUserPolicy", Resource: "*" }],
            }),
          }),
        );
        const result = await cliAgainst(moto, {
          AWS_ACCESS_KEY_ID: admin.accessKeyId,
          AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
          AWS_REGION: "us-east-1",
        })("cleanup", "--expired", "--yes");
        assert.equal(result.code, 1, result.stderr);
        assert.equal(
          result.stdout,
          "exp-a: expired at 2020-01-01T00:00:00Z\nexp-b: expired at 2020-01-01T00:00:00Z\n",
        );
        const lines = linesOf(result.stderr);
        assert.equal(lines.filter((line) => line.startsWith("error:")).length, 1, result.stderr);
        assert.ok(lines.includes("User: exp-b") && lines.includes("  Deleted user"), result.stderr);
        assert.match(
          lines.at(-1)!,
          /^error: 1 of 2 users could not be deleted \(1 deleted\): exp-a \(An error occurred \(AccessDenied\) when calling the DeleteUserPolicy operation: .*\)$/,
        );
        assert.deepEqual(await userNames(adminIam), ["admin", "exp-a"]);
      } finally {
        adminIam.destroy();
        await moto.disableAuth();
      }
    });
  } finally {
    iam.destroy();
    await moto.stop();
  }
});
