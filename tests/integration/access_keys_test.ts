// Tags from create, list-access-keys, rotate-access-key and the key state commands, against moto.
import assert from "node:assert/strict";
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListRoleTagsCommand,
  ListUserTagsCommand,
} from "@aws-sdk/client-iam";
import { GetBucketTaggingCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { assertOneErrorLine, cliAgainst, clientOptions } from "../support/account_commands.ts";
import { linesOf } from "../support/cli.ts";
import { type AdminKeys, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const PERMISSION = "s3-credentials:permission";
const BUCKETS = "s3-credentials:buckets";
const RUN = "s3-credentials:run";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function tagRecord(tags: { Key?: string; Value?: string }[] | undefined) {
  // An empty value comes back from S3 as an empty XML element, which the SDK reads as absent.
  return Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value ?? ""]));
}

/** Whether STS accepts `key` (moto under enforcement checks the key is known and active). */
async function keyWorks(endpoint: string, key: AdminKeys): Promise<boolean> {
  const sts = new STSClient({ endpoint, region: "us-east-1", credentials: key, maxAttempts: 1 });
  try {
    await sts.send(new GetCallerIdentityCommand({}));
    return true;
  } catch {
    return false;
  } finally {
    sts.destroy();
  }
}

Deno.test("access keys against the emulator", async (t) => {
  const moto = await startMoto();
  const cli = cliAgainst(moto);
  const iam = new IAMClient(clientOptions(moto));
  const s3 = new S3Client({ ...clientOptions(moto), forcePathStyle: true });
  try {
    await t.step("create --tag: the user and bucket carry them, beside the tool's", async () => {
      const result = await cli(
        "create",
        "tagged-one",
        "tagged-two",
        "-c",
        "--read-only",
        "--tag",
        "team=data",
        "--tag",
        "cost centre=",
      );
      assert.equal(result.code, 0, result.stderr);
      const { Tags } = await iam.send(
        new ListUserTagsCommand({ UserName: "s3.read-only.tagged-one,tagged-two" }),
      );
      const { [RUN]: run, ...others } = tagRecord(Tags);
      assert.match(run, UUID);
      assert.deepEqual(others, {
        [PERMISSION]: "read-only",
        [BUCKETS]: "tagged-one tagged-two",
        team: "data",
        "cost centre": "",
      });
      const { TagSet } = await s3.send(new GetBucketTaggingCommand({ Bucket: "tagged-two" }));
      assert.deepEqual(tagRecord(TagSet), { team: "data", "cost centre": "" });
      assert.doesNotMatch(result.stderr, /not applied/);
    });

    await t.step("create --duration tags the role it creates", async () => {
      const result = await cli("create", "tagged-one", "-d", "15m", "--tag", "team=ops");
      assert.equal(result.code, 0, result.stderr);
      const { Tags } = await iam.send(
        new ListRoleTagsCommand({ RoleName: "s3-credentials.AmazonS3FullAccess" }),
      );
      const { [RUN]: run, ...others } = tagRecord(Tags);
      assert.match(run, UUID);
      assert.deepEqual(others, {
        [PERMISSION]: "read-write",
        [BUCKETS]: "tagged-one",
        team: "ops",
      });
    });

    await t.step(
      "list-access-keys: users made by create, not others; --all lists all",
      async () => {
        await iam.send(new CreateUserCommand({ UserName: "someone-else" }));
        const { AccessKey: other } = await iam.send(
          new CreateAccessKeyCommand({ UserName: "someone-else" }),
        );
        // A user of the Python tool: no tags, but its s3. name.
        await iam.send(new CreateUserCommand({ UserName: "s3.read-write.legacy" }));
        const { AccessKey: legacy } = await iam.send(
          new CreateAccessKeyCommand({ UserName: "s3.read-write.legacy" }),
        );
        const { AccessKeyMetadata: [made] = [] } = await iam.send(
          new ListAccessKeysCommand({ UserName: "s3.read-only.tagged-one,tagged-two" }),
        );

        const listed = await cli("list-access-keys");
        assert.equal(listed.code, 0, listed.stderr);
        const rows = JSON.parse(listed.stdout) as Record<string, unknown>[];
        assert.deepEqual(
          rows.map((r) => r.AccessKeyId).sort(),
          [
            legacy!.AccessKeyId,
            made.AccessKeyId,
          ].sort(),
        );
        const row = rows.find((r) => r.AccessKeyId === made.AccessKeyId)!;
        assert.deepEqual(Object.keys(row), [
          "UserName",
          "AccessKeyId",
          "Status",
          "CreateDate",
          "LastUsedDate",
          "LastUsedService",
          "LastUsedRegion",
          "Permission",
          "Buckets",
          "Conditions",
        ]);
        assert.equal(row.UserName, "s3.read-only.tagged-one,tagged-two");
        assert.equal(row.Status, "Active");
        assert.equal(row.LastUsedDate, null);
        assert.equal(row.Permission, "read-only");
        assert.equal(row.Buckets, "tagged-one tagged-two");
        assert.equal(row.Conditions, null);
        const legacyRow = rows.find((r) => r.AccessKeyId === legacy!.AccessKeyId)!;
        assert.equal(legacyRow.Permission, null);

        const all = await cli("list-access-keys", "--all", "--nl");
        assert.equal(all.code, 0, all.stderr);
        const allIds = linesOf(all.stdout).map((line) => JSON.parse(line).AccessKeyId);
        assert.ok(allIds.includes(other!.AccessKeyId), all.stdout);
        assert.equal(allIds.length, 3);

        const named = await cli("list-access-keys", "someone-else", "--csv");
        assert.equal(named.code, 0, named.stderr);
        assert.equal(linesOf(named.stdout).length, 2);
        assert.ok(named.stdout.startsWith("UserName,AccessKeyId,Status,CreateDate,"));

        // The known user's keys are listed; the unknown one is reported at the end.
        const mixed = await cli("list-access-keys", "nobody-here", "someone-else", "--nl");
        assertOneErrorLine(mixed, "user not found: nobody-here", mixed.stdout);
        assert.equal(JSON.parse(mixed.stdout).AccessKeyId, other!.AccessKeyId);
      },
    );

    await t.step(
      "rotate under enforcement: the new key works, the old one is deactivated or deleted",
      async () => {
        const admin = await moto.enableAuth();
        try {
          const adminCli = cliAgainst(moto, {
            AWS_ACCESS_KEY_ID: admin.accessKeyId,
            AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
            AWS_REGION: "us-east-1",
          });
          const created = await adminCli(
            "create",
            "tagged-one",
            "--username",
            "rotated",
            "--silent",
          );
          assert.equal(created.code, 0, created.stderr);
          const first = JSON.parse(created.stdout);
          const oldKey = { accessKeyId: first.AccessKeyId, secretAccessKey: first.SecretAccessKey };
          assert.ok(await keyWorks(moto.endpoint, oldKey));

          const rotated = await adminCli("rotate-access-key", "rotated", "--wait");
          assert.equal(rotated.code, 0, rotated.stderr);
          const second = JSON.parse(rotated.stdout);
          assert.deepEqual(Object.keys(second), [
            "UserName",
            "AccessKeyId",
            "Status",
            "SecretAccessKey",
            "CreateDate",
          ]);
          assert.notEqual(second.AccessKeyId, first.AccessKeyId);
          assert.deepEqual(linesOf(rotated.stderr), [
            `Created access key ${second.AccessKeyId} for user rotated`,
            `Deactivated access key ${first.AccessKeyId} of user rotated`,
          ]);
          assert.ok(!rotated.stderr.includes(second.SecretAccessKey));
          const newKey = {
            accessKeyId: second.AccessKeyId,
            secretAccessKey: second.SecretAccessKey,
          };
          assert.ok(await keyWorks(moto.endpoint, newKey), "the new key authenticates");
          // moto 5.2.1 still accepts an inactive key (it checks only the ID and the secret), so the
          // deactivation is read back below; a deleted key it refuses (the --delete-old step).

          // Two keys now (one inactive): nothing changes, the error names both and the way out.
          const full = await adminCli("rotate-access-key", "rotated");
          assertOneErrorLine(full, `user rotated already has 2 access keys`);
          // Under enforcement moto records each key's last use (keyWorks above used both).
          assert.match(
            full.stderr,
            new RegExp(`${first.AccessKeyId} \\(Inactive, last used \\S+ \\S+ with sts\\)`),
          );
          assert.ok(full.stderr.includes(`${second.AccessKeyId} (Active, `), full.stderr);
          assert.ok(
            full.stderr.includes(
              `s3-credentials delete-access-key ${first.AccessKeyId} --username rotated`,
            ),
            full.stderr,
          );
          const keysOf = async () => {
            const adminIam = new IAMClient(clientOptions(moto, admin));
            try {
              const { AccessKeyMetadata } = await adminIam.send(
                new ListAccessKeysCommand({ UserName: "rotated" }),
              );
              return AccessKeyMetadata!.map((k) => `${k.AccessKeyId}:${k.Status}`).sort();
            } finally {
              adminIam.destroy();
            }
          };
          assert.deepEqual(
            await keysOf(),
            [
              `${first.AccessKeyId}:Inactive`,
              `${second.AccessKeyId}:Active`,
            ].sort(),
          );

          // delete-access-key frees the slot (the user found from the key); --delete-old rotates.
          const deleted = await adminCli("delete-access-key", first.AccessKeyId);
          assert.equal(deleted.code, 0, deleted.stderr);
          assert.equal(deleted.stderr, `Deleted access key ${first.AccessKeyId} of user rotated\n`);
          const again = await adminCli("rotate-access-key", "rotated", "--delete-old", "-f", "ini");
          assert.equal(again.code, 0, again.stderr);
          const third = /aws_access_key_id=(\w+)/.exec(again.stdout)![1];
          assert.deepEqual(await keysOf(), [`${third}:Active`]);
          assert.ok(!(await keyWorks(moto.endpoint, newKey)), "the deleted key is refused");

          // deactivate, then activate again; an unknown key is reported after the others.
          const unknown = "AKIAUNKNOWNKEY000000";
          const off = await adminCli("deactivate-access-key", unknown, third);
          assert.equal(off.code, 1);
          assert.equal(off.stdout, "");
          assert.deepEqual(linesOf(off.stderr), [
            `Deactivated access key ${third} of user rotated`,
            `error: access key ${unknown} (not found)`,
          ]);
          assert.deepEqual(await keysOf(), [`${third}:Inactive`]);
          const on = await adminCli("activate-access-key", third, "--username", "rotated");
          assert.equal(on.code, 0, on.stderr);
          assert.equal(on.stderr, `Activated access key ${third} of user rotated\n`);
          assert.deepEqual(await keysOf(), [`${third}:Active`]);
        } finally {
          await moto.disableAuth();
        }
      },
    );

    await t.step("rotate-access-key of a user that does not exist: one error line", async () => {
      assertOneErrorLine(
        await cli("rotate-access-key", "nobody-here"),
        "user not found: nobody-here",
      );
    });

    await t.step(
      "create --tag that creates nothing says so, for a role and for a user",
      async () => {
        const notApplied =
          "Tags not applied: this run created no user, role or bucket (--tag applies only to those)";
        const role = await cli("create", "tagged-one", "-d", "15m", "--tag", "team=late");
        assert.equal(role.code, 0, role.stderr);
        assert.ok(linesOf(role.stderr).includes(notApplied), role.stderr);
        const { Tags: roleTags } = await iam.send(
          new ListRoleTagsCommand({ RoleName: "s3-credentials.AmazonS3FullAccess" }),
        );
        assert.equal(tagRecord(roleTags).team, "ops");

        const user = await cli(
          "create",
          "tagged-one",
          "--username",
          "someone-else",
          "--tag",
          "a=b",
        );
        assert.equal(user.code, 0, user.stderr);
        assert.ok(linesOf(user.stderr).includes(notApplied), user.stderr);
        const { Tags: userTags } = await iam.send(
          new ListUserTagsCommand({ UserName: "someone-else" }),
        );
        assert.deepEqual(tagRecord(userTags), {});
      },
    );
  } finally {
    iam.destroy();
    s3.destroy();
    await moto.stop();
  }
});
