// Names given to the access-key commands: a user named twice, a key given with another user.
import assert from "node:assert/strict";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { assertOneErrorLine, cliAgainst, clientOptions } from "../support/account_commands.ts";
import { linesOf } from "../support/cli.ts";
import { startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

Deno.test("access-key commands and the names they are given, against the emulator", async (t) => {
  const moto = await startMoto();
  const cli = cliAgainst(moto);
  const iam = new IAMClient(clientOptions(moto));
  try {
    const keys: Record<string, string> = {};
    for (const UserName of ["ua", "ub"]) {
      await iam.send(new CreateUserCommand({ UserName }));
      keys[UserName] = (await iam.send(new CreateAccessKeyCommand({ UserName }))).AccessKey!
        .AccessKeyId!;
    }

    await t.step("list-access-keys ua ub ua lists each user once, in order", async () => {
      const result = await cli("list-access-keys", "ua", "ub", "ua", "--nl");
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(
        linesOf(result.stdout).map((line) => JSON.parse(line).AccessKeyId),
        [keys.ua, keys.ub],
      );
    });

    await t.step("a key of another user: 'not a key of' that user, nothing changed", async () => {
      for (const command of ["deactivate-access-key", "activate-access-key", "delete-access-key"]) {
        assertOneErrorLine(
          await cli(command, keys.ua, "--username", "ub"),
          `error: access key ${keys.ua} (not a key of ub)`,
        );
      }
      // A key nobody has is still not found.
      assertOneErrorLine(
        await cli("delete-access-key", "AKIAUNKNOWNKEY000000", "--username", "ub"),
        "error: access key AKIAUNKNOWNKEY000000 (not found)",
      );
      const listed = await cli("list-access-keys", "ua", "--nl");
      assert.equal(JSON.parse(listed.stdout).Status, "Active");
    });
  } finally {
    iam.destroy();
    await moto.stop();
  }
});
