// create --expires, cleanup and revoke-sessions against the moto emulator.
import assert from "node:assert/strict";
import {
  CreateRoleCommand,
  CreateUserCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  TagUserCommand,
} from "@aws-sdk/client-iam";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { ROLE_NAME } from "../../lib/policy/role.ts";
import { EXPIRES_TAG, PERMISSION_TAG, RUN_TAG } from "../../lib/policy/tags.ts";
import { assertOneErrorLine, cliAgainst, clientOptions } from "../support/account_commands.ts";
import { startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const EXPIRES = "2030-01-31T18:00:00Z";

/** The user names and policy documents `create --dry-run` printed. */
function dryRunPolicies(stdout: string) {
  const user = /^Would create user: '([^']+)'/m.exec(stdout)![1];
  const tagLine = /^Would create user: .*\n\.\.\. with tags: (.*)$/m.exec(stdout)!;
  const tags = Object.entries(JSON.parse(tagLine[1])).map(([Key, Value]) => ({ Key, Value }));
  const documents = stdout.split(/^Would attach policy called '[^']+' to user '[^']+', details:$/m)
    .slice(1)
    .map((part) => JSON.parse(part.split(/^Would /m)[0]));
  return { user, tags, documents };
}

Deno.test("expiring keys, cleanup and revoke-sessions against the emulator", async (t) => {
  const moto = await startMoto();
  const cli = cliAgainst(moto);
  const iam = new IAMClient(clientOptions(moto));
  const s3 = new S3Client({ ...clientOptions(moto), forcePathStyle: true });
  const userNames = async () =>
    ((await iam.send(new ListUsersCommand({}))).Users ?? []).map((u) => u.UserName!).sort();
  try {
    await t.step("create --expires stores the policy and tag that --dry-run shows", async () => {
      const dry = await cli("create", "exp-a", "exp-b", "-c", "--expires", EXPIRES, "--dry-run");
      assert.equal(dry.code, 0, dry.stderr);
      const shown = dryRunPolicies(dry.stdout);
      assert.deepEqual(shown.tags.at(-1), { Key: EXPIRES_TAG, Value: EXPIRES });
      assert.equal(shown.documents.length, 2);
      const run = await cli("create", "exp-a", "exp-b", "-c", "--expires", EXPIRES);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /^The access key works until 2030-01-31T18:00:00Z$/m);
      const UserName = JSON.parse(run.stdout).UserName;
      // A name unique to the run: the dry run drew another suffix.
      assert.match(UserName, /^s3\.read-write\.exp-a,exp-b\.[0-9a-f]{8}$/);
      assert.notEqual(UserName, shown.user);
      const { Tags } = await iam.send(new ListUserTagsCommand({ UserName }));
      // Besides them, the run's own tag, whose value the dry run cannot know.
      assert.deepEqual(Tags?.slice(0, -1), shown.tags);
      assert.equal(Tags?.at(-1)?.Key, RUN_TAG);
      const { PolicyNames } = await iam.send(new ListUserPoliciesCommand({ UserName }));
      const stored = await Promise.all(
        PolicyNames!.sort().map(async (PolicyName) => {
          const { PolicyDocument } = await iam.send(
            new GetUserPolicyCommand({ UserName, PolicyName }),
          );
          return JSON.parse(decodeURIComponent(PolicyDocument!));
        }),
      );
      assert.deepEqual(stored, shown.documents);
    });

    await t.step("--expires with an existing --username is refused before any change", async () => {
      await iam.send(new CreateUserCommand({ UserName: "existing" }));
      const before = await userNames();
      const result = await cli(
        "create",
        "exp-new-bucket",
        "-c",
        "--username",
        "existing",
        "--expires",
        "30d",
      );
      assertOneErrorLine(result, "user existing already exists: --expires would also end");
      await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: "exp-new-bucket" })));
      assert.deepEqual(await userNames(), before);
      const { PolicyNames } = await iam.send(new ListUserPoliciesCommand({ UserName: "existing" }));
      assert.deepEqual(PolicyNames, []);
    });

    await t.step("cleanup --expired deletes only expired users the tool made", async () => {
      await moto.reset();
      const made = async () => {
        const result = await cli("create", "clean-bkt", "-c", "--expires", "30d", "--silent");
        assert.equal(result.code, 0, result.stderr);
        return JSON.parse(result.stdout).UserName as string;
      };
      const expired = await made();
      const current = await made();
      await iam.send(
        new TagUserCommand({
          UserName: expired,
          Tags: [{ Key: EXPIRES_TAG, Value: "2020-01-01T00:00:00Z" }],
        }),
      );
      // Not made by this tool, though it carries a past expiry tag.
      await iam.send(
        new CreateUserCommand({
          UserName: "alice",
          Tags: [{ Key: EXPIRES_TAG, Value: "2020-01-01T00:00:00Z" }],
        }),
      );
      const everyone = await userNames();

      const dry = await cli("cleanup", "--expired", "--dry-run");
      assert.equal(dry.code, 0, dry.stderr);
      assert.equal(dry.stdout, `${expired}: expired at 2020-01-01T00:00:00Z\n`);
      assert.match(dry.stderr, /^Would delete 1 user$/m);
      assert.deepEqual(await userNames(), everyone);

      const unconfirmed = await cli("cleanup", "--expired");
      assert.equal(unconfirmed.code, 2);
      assert.match(unconfirmed.stderr, /^error: cleanup deletes users: pass --yes/);
      assert.deepEqual(await userNames(), everyone);

      const run = await cli("cleanup", "--expired", "--yes");
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, `${expired}: expired at 2020-01-01T00:00:00Z\n`);
      assert.match(run.stderr, /^ {2}Deleted user$/m);
      assert.deepEqual(await userNames(), everyone.filter((name) => name !== expired));
      assert.ok((await userNames()).includes(current));
      assert.ok((await userNames()).includes("alice"));
    });

    await t.step("cleanup --expired keeps users whose expiry tag it cannot read", async () => {
      await moto.reset();
      const values = ["1", "0", "Dec 1 2025", "2025-12-01T00:00:00", "2025-12-01"];
      const kept = values.map((_, i) => `s3.read-only.odd-${i}`);
      await Promise.all([...kept, "s3.read-only.past"].map((UserName, i) =>
        iam.send(
          new CreateUserCommand({
            UserName,
            Tags: [
              { Key: PERMISSION_TAG, Value: "read-only" },
              { Key: EXPIRES_TAG, Value: values[i] ?? "2025-12-01T00:00:00Z" },
            ],
          }),
        )
      ));
      const run = await cli("cleanup", "--expired", "--yes");
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, "s3.read-only.past: expired at 2025-12-01T00:00:00Z\n");
      assert.deepEqual(await userNames(), kept);
    });

    await t.step("revoke-sessions stores the role policy; a second call replaces it", async () => {
      await iam.send(
        new CreateRoleCommand({
          RoleName: ROLE_NAME,
          AssumeRolePolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::123456789012:root" },
              Action: "sts:AssumeRole",
            }],
          }),
        }),
      );
      const stored = async () => {
        const { PolicyNames } = await iam.send(
          new ListRolePoliciesCommand({ RoleName: ROLE_NAME }),
        );
        assert.deepEqual(PolicyNames, ["s3-credentials-revoke-older-sessions"]);
        const { PolicyDocument } = await iam.send(
          new GetRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: PolicyNames![0] }),
        );
        return JSON.parse(decodeURIComponent(PolicyDocument!));
      };
      const revoke = async () => {
        const result = await cli("revoke-sessions");
        assert.equal(result.code, 0, result.stderr);
        const match = new RegExp(
          `^Sessions of role ${ROLE_NAME.replace(".", "\\.")} issued before ` +
            "(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ) no longer work\\n$",
        ).exec(result.stdout);
        assert.ok(match, result.stdout);
        return match[1];
      };
      const expected = (cutoff: string) => ({
        Version: "2012-10-17",
        Statement: [{
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { DateLessThan: { "aws:TokenIssueTime": cutoff } },
        }],
      });
      const first = await revoke();
      assert.ok(Math.abs(Date.parse(first) - Date.now()) < 5000);
      assert.deepEqual(await stored(), expected(first));
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const second = await revoke();
      assert.ok(Date.parse(second) > Date.parse(first));
      assert.deepEqual(await stored(), expected(second));

      const missing = await cli("revoke-sessions", "--role", "no-such-role");
      assertOneErrorLine(missing, "role no-such-role does not exist");
    });
  } finally {
    iam.destroy();
    s3.destroy();
    await moto.stop();
  }
});
