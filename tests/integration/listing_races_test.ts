// list-access-keys and cleanup while users and keys are deleted under them, or while the caller
// may not read when keys were last used: the fault proxy deletes them on the emulator just as the
// request that names them arrives.
import assert from "node:assert/strict";
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { EXPIRES_TAG, PERMISSION_TAG } from "../../lib/policy/tags.ts";
import { cliAgainst, clientOptions } from "../support/account_commands.ts";
import { FAKE_KEYS_ENV, linesOf, runCli } from "../support/cli.ts";
import { type ProxiedRequest, startFaultProxy } from "../support/fault_proxy.ts";
import { type Moto, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const TOOL_TAGS = [{ Key: PERMISSION_TAG, Value: "read-only" }];
const EXPIRED_TAGS = [...TOOL_TAGS, { Key: EXPIRES_TAG, Value: "2020-01-01T00:00:00Z" }];

/** A form field of an IAM request as the proxy saw it. */
function field(request: ProxiedRequest, name: string): string | null {
  return new URLSearchParams(new TextDecoder().decode(request.body)).get(name);
}

/**
 * Runs the CLI through a proxy that, when the first request of `action` for
 * a user (or key) in `when` arrives, first runs that entry's deletion on the emulator.
 */
async function whileDeleting(
  moto: Moto,
  when: Record<string, { action: string; field: string; run: () => Promise<unknown> }>,
  args: string[],
) {
  const done = new Set<string>();
  const proxy = startFaultProxy(moto.endpoint, async (request) => {
    for (const [name, { action, field: key, run }] of Object.entries(when)) {
      if (request.action === action && field(request, key) === name && !done.has(name)) {
        done.add(name);
        await run();
      }
    }
    return { kind: "pass" };
  });
  try {
    const result = await runCli([...args, "--endpoint-url", proxy.url], { env: FAKE_KEYS_ENV });
    return { ...result, deletions: [...done].sort() };
  } finally {
    await proxy.close();
  }
}

Deno.test("listings while users vanish and last use is denied, against the emulator", async (t) => {
  const moto = await startMoto();
  const iam = new IAMClient(clientOptions(moto));
  const newUser = async (UserName: string, Tags = TOOL_TAGS) => {
    await iam.send(new CreateUserCommand({ UserName, Tags }));
    return (await iam.send(new CreateAccessKeyCommand({ UserName }))).AccessKey!.AccessKeyId!;
  };
  const removeUser = (UserName: string, keyId: string) => async () => {
    await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: keyId }));
    await iam.send(new DeleteUserCommand({ UserName }));
  };
  try {
    await t.step("list-access-keys leaves out users and keys deleted meanwhile", async () => {
      const tagsGone = await newUser("gone-at-tags");
      const keysGone = await newUser("gone-at-keys");
      const keyGone = await newUser("key-gone");
      const stays = await newUser("stays");
      const result = await whileDeleting(moto, {
        "gone-at-tags": {
          action: "ListUserTags",
          field: "UserName",
          run: removeUser("gone-at-tags", tagsGone),
        },
        "gone-at-keys": {
          action: "ListAccessKeys",
          field: "UserName",
          run: removeUser("gone-at-keys", keysGone),
        },
        [keyGone]: {
          action: "GetAccessKeyLastUsed",
          field: "AccessKeyId",
          run: () =>
            iam.send(new DeleteAccessKeyCommand({ UserName: "key-gone", AccessKeyId: keyGone })),
        },
      }, ["list-access-keys", "--all", "--nl"]);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(result.deletions, ["gone-at-keys", "gone-at-tags", keyGone].sort());
      assert.equal(result.stderr, "");
      const rows = linesOf(result.stdout).map((line) => JSON.parse(line));
      assert.deepEqual(rows.map((row) => [row.UserName, row.AccessKeyId]), [["stays", stays]]);
      await iam.send(new DeleteAccessKeyCommand({ UserName: "stays", AccessKeyId: stays }));
      await iam.send(new DeleteUserCommand({ UserName: "stays" }));
      await iam.send(new DeleteUserCommand({ UserName: "key-gone" }));
    });

    await t.step("cleanup leaves out users deleted while it looks", async () => {
      const tagsGone = await newUser("c-gone-at-tags", EXPIRED_TAGS);
      const keysGone = await newUser("c-gone-at-keys");
      await newUser("c-expired", EXPIRED_TAGS);
      const result = await whileDeleting(moto, {
        "c-gone-at-tags": {
          action: "ListUserTags",
          field: "UserName",
          run: removeUser("c-gone-at-tags", tagsGone),
        },
        "c-gone-at-keys": {
          action: "ListAccessKeys",
          field: "UserName",
          run: removeUser("c-gone-at-keys", keysGone),
        },
      }, ["cleanup", "--expired", "--unused-days", "1", "--dry-run"]);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(result.deletions, ["c-gone-at-keys", "c-gone-at-tags"]);
      assert.equal(result.stdout, "c-expired: expired at 2020-01-01T00:00:00Z\n");
      assert.equal(result.stderr, "Would delete 1 user\n");
    });

    await t.step("GetAccessKeyLastUsed denied: null last use, one warning a run", async () => {
      const admin = await moto.enableAuth();
      const adminIam = new IAMClient(clientOptions(moto, admin));
      try {
        await adminIam.send(
          new PutUserPolicyCommand({
            UserName: "admin",
            PolicyName: "no-last-use",
            PolicyDocument: JSON.stringify({
              Version: "2012-10-17",
              Statement: [{ Effect: "Deny", Action: "iam:GetAccessKeyLastUsed", Resource: "*" }],
            }),
          }),
        );
        const cli = cliAgainst(moto, {
          AWS_ACCESS_KEY_ID: admin.accessKeyId,
          AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
          AWS_REGION: "us-east-1",
        });
        const listed = await cli("list-access-keys", "--all", "--nl");
        assert.equal(listed.code, 0, listed.stderr);
        const rows = linesOf(listed.stdout).map((line) => JSON.parse(line));
        assert.ok(rows.length >= 2, listed.stdout);
        for (const row of rows) {
          assert.deepEqual(
            [row.LastUsedDate, row.LastUsedService, row.LastUsedRegion],
            [null, null, null],
          );
        }
        const warning =
          /^warning: when access keys were last used could not be read \(An error occurred \(AccessDenied\) when calling the GetAccessKeyLastUsed operation: .*\): their LastUsedDate, LastUsedService and LastUsedRegion are null$/;
        assert.equal(linesOf(listed.stderr).length, 1, listed.stderr);
        assert.match(listed.stderr.trimEnd(), warning);

        const cleanup = await cli("cleanup", "--unused-days", "1", "--dry-run");
        assert.equal(cleanup.code, 0, cleanup.stderr);
        assert.equal(cleanup.stdout, "");
        assert.deepEqual(linesOf(cleanup.stderr).slice(1), ["No users to clean up"]);
        assert.match(
          linesOf(cleanup.stderr)[0],
          /^warning: when access keys were last used could not be read \(.*AccessDenied.*\): users with such keys are kept$/,
        );
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
