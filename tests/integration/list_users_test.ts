// list-users against the moto emulator: its JSON, --nl, CSV and TSV output and its errors.
import assert from "node:assert/strict";
import { CreateUserCommand, IAMClient, ListUsersCommand, type User } from "@aws-sdk/client-iam";
import { formatTimestamp } from "../../lib/output/time.ts";
import {
  assertOneErrorLine,
  cliAgainst,
  clientOptions,
  enforceWithPowerlessUser,
} from "../support/account_commands.ts";
import { startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

/** One user as the default JSON array prints it (2 + 2 spaces of indentation). */
function jsonEntry(user: User): string {
  return [
    "  {",
    `    "Path": "${user.Path}",`,
    `    "UserName": "${user.UserName}",`,
    `    "UserId": "${user.UserId}",`,
    `    "Arn": "${user.Arn}",`,
    `    "CreateDate": "${formatTimestamp(user.CreateDate!)}"`,
    "  }",
  ].join("\n");
}

Deno.test("list-users against the emulator", async (t) => {
  const moto = await startMoto();
  const cli = cliAgainst(moto);
  const iam = new IAMClient(clientOptions(moto));
  try {
    await t.step("no users: [] for JSON, nothing for --nl, the header for CSV/TSV", async () => {
      const [json, nl, csv, tsv] = await Promise.all([
        cli("list-users"),
        cli("list-users", "--nl"),
        cli("list-users", "--csv"),
        cli("list-users", "--tsv"),
      ]);
      for (const result of [json, nl, csv, tsv]) assert.equal(result.code, 0, result.stderr);
      assert.equal(json.stdout, "[]\n");
      assert.equal(nl.stdout, "");
      assert.equal(
        csv.stdout,
        "UserName,UserId,Arn,Path,CreateDate,PasswordLastUsed,PermissionsBoundary,Tags\r\n",
      );
      assert.equal(
        tsv.stdout,
        "UserName\tUserId\tArn\tPath\tCreateDate\tPasswordLastUsed\tPermissionsBoundary\tTags\r\n",
      );
    });

    await t.step("every user, exactly in the reference's layouts", async () => {
      await iam.send(new CreateUserCommand({ UserName: "alice" }));
      await iam.send(new CreateUserCommand({ UserName: "bob", Path: "/team/" }));
      const created = await cli("create", "users-bucket", "-c", "--read-only", "--silent");
      assert.equal(created.code, 0, created.stderr);
      const { Users } = await iam.send(new ListUsersCommand({}));
      assert.equal(Users!.length, 3);

      const [json, nl, csv] = await Promise.all([
        cli("list-users"),
        cli("list-users", "--nl"),
        cli("list-users", "--csv"),
      ]);
      assert.equal(json.code, 0, json.stderr);
      assert.equal(json.stderr, "");
      assert.equal(json.stdout, `[\n${Users!.map(jsonEntry).join(",\n")}\n]\n`);

      assert.equal(
        nl.stdout,
        Users!.map((u) =>
          `{"Path": "${u.Path}", "UserName": "${u.UserName}", "UserId": "${u.UserId}", ` +
          `"Arn": "${u.Arn}", "CreateDate": "${formatTimestamp(u.CreateDate!)}"}\n`
        ).join(""),
      );

      assert.equal(
        csv.stdout,
        "UserName,UserId,Arn,Path,CreateDate,PasswordLastUsed,PermissionsBoundary,Tags\r\n" +
          Users!.map((u) =>
            `${u.UserName},${u.UserId},${u.Arn},${u.Path},${formatTimestamp(u.CreateDate!)},,,\r\n`
          ).join(""),
      );
      assert.ok(csv.stdout.includes(",arn:aws:iam::123456789012:user/team/bob,/team/,"));
    });

    await t.step("a caller without iam:ListUsers: one error line, nothing on stdout", async () => {
      const { env } = await enforceWithPowerlessUser(moto);
      const denied = cliAgainst(moto, env);
      const [json, csv] = await Promise.all([denied("list-users"), denied("list-users", "--csv")]);
      assertOneErrorLine(json, /\(AccessDenied\) when calling the ListUsers operation/);
      // CSV prints its header before the first request, so a failed listing still leaves it.
      assertOneErrorLine(
        csv,
        "AccessDenied",
        "UserName,UserId,Arn,Path,CreateDate,PasswordLastUsed,PermissionsBoundary,Tags\r\n",
      );
    });
  } finally {
    iam.destroy();
    await moto.stop();
  }
});
