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
import { linesOf, runCli } from "../support/cli.ts";
import { type AdminKeys, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const PERMISSION = "s3-credentials:permission";
const BUCKETS = "s3-credentials:buckets";

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
      assert.deepEqual(tagRecord(Tags), {
        [PERMISSION]: "read-only",
        [BUCKETS]: "tagged-one tagged-two",
        team: "data",
        "cost centre": "",
      });
      const { TagSet } = await s3.send(new GetBucketTaggingCommand({ Bucket: "tagged-two" }));
      assert.deepEqual(tagRecord(TagSet), { team: "data", "cost centre": "" });
    });

    await t.step("create --duration tags the role it creates", async () => {
      const result = await cli("create", "tagged-one", "-d", "15m", "--tag", "team=ops");
      assert.equal(result.code, 0, result.stderr);
      const { Tags } = await iam.send(
        new ListRoleTagsCommand({ RoleName: "s3-credentials.AmazonS3FullAccess" }),
      );
      assert.deepEqual(tagRecord(Tags), {
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
        ]);
        assert.equal(row.UserName, "s3.read-only.tagged-one,tagged-two");
        assert.equal(row.Status, "Active");
        assert.equal(row.LastUsedDate, null);
        assert.equal(row.Permission, "read-only");
        assert.equal(row.Buckets, "tagged-one tagged-two");
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
  } finally {
    iam.destroy();
    s3.destroy();
    await moto.stop();
  }
});
