// A delete whose answer is lost is sent again by the SDK and finds nothing: that is done, not a
// failure. Each command that deletes, through the fault proxy in front of the emulator.
import assert from "node:assert/strict";
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListVirtualMFADevicesCommand,
  PutUserPolicyCommand,
  UploadSSHPublicKeyCommand,
} from "@aws-sdk/client-iam";
import { FAKE_KEYS_ENV, linesOf, runCli } from "../support/cli.ts";
import { type Decide, type Fault, faultsInTurn, startFaultProxy } from "../support/fault_proxy.ts";
import { iamAt, type Moto, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const lost: Fault = { kind: "lose-response" };

/** Runs the CLI through a fault proxy; `sent` counts the requests of each action. */
async function through(moto: Moto, decide: Decide, args: string[], shell?: string) {
  const proxy = startFaultProxy(moto.endpoint, decide);
  try {
    const result = await runCli([...args, "--endpoint-url", proxy.url], {
      env: FAKE_KEYS_ENV,
      shell,
    });
    const sent = (action: string) => proxy.log.filter((e) => e.request.action === action).length;
    const lostActions = proxy.log.filter((e) => e.fault === "lose-response")
      .map((e) => e.request.action);
    return { ...result, sent, lostActions };
  } finally {
    await proxy.close();
  }
}

const noSuchUser = (e: Error) => e.name === "NoSuchEntityException";

Deno.test("a lost delete answer: the SDK's retry finds nothing, and that is done", async (t) => {
  const moto = await startMoto();
  const iam = iamAt(moto.endpoint);
  const keysOf = async (UserName: string) =>
    ((await iam.send(new ListAccessKeysCommand({ UserName }))).AccessKeyMetadata ?? [])
      .map((key) => `${key.AccessKeyId}:${key.Status}`);
  const newKey = async (UserName: string) =>
    (await iam.send(new CreateAccessKeyCommand({ UserName }))).AccessKey!.AccessKeyId!;
  try {
    await iam.send(new CreateUserCommand({ UserName: "keyed" }));

    await t.step("delete-access-key, its user looked up or given: deleted, exit 0", async () => {
      for (const withUser of [[], ["--username", "keyed"]]) {
        const key = await newKey("keyed");
        const result = await through(
          moto,
          faultsInTurn({ DeleteAccessKey: lost }),
          ["delete-access-key", key, ...withUser],
        );
        assert.deepEqual(result.lostActions, ["DeleteAccessKey"]);
        assert.equal(result.sent("DeleteAccessKey"), 2, "the SDK sent it again");
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr, `Deleted access key ${key} of user keyed\n`);
        assert.deepEqual(await keysOf("keyed"), []);
      }
    });

    await t.step("rotate-access-key --delete-old: the old key is gone, exit 0", async () => {
      const old = await newKey("keyed");
      const result = await through(
        moto,
        faultsInTurn({ DeleteAccessKey: lost }),
        ["rotate-access-key", "keyed", "--delete-old"],
      );
      assert.deepEqual(result.lostActions, ["DeleteAccessKey"]);
      assert.equal(result.code, 0, result.stderr);
      const printed = JSON.parse(result.stdout).AccessKeyId;
      assert.deepEqual(linesOf(result.stderr), [
        `Created access key ${printed} for user keyed`,
        `Deleted access key ${old} of user keyed`,
      ]);
      assert.deepEqual(await keysOf("keyed"), [`${printed}:Active`]);
    });

    await t.step(
      "rotate: CreateAccessKey's and then the stray's deletion answers lost",
      async () => {
        const [old] = await keysOf("keyed");
        const result = await through(
          moto,
          faultsInTurn({ CreateAccessKey: lost, DeleteAccessKey: lost }),
          ["rotate-access-key", "keyed"],
        );
        assert.deepEqual(result.lostActions, ["CreateAccessKey", "DeleteAccessKey"]);
        assert.equal(result.code, 0, result.stderr);
        const printed = JSON.parse(result.stdout).AccessKeyId;
        assert.match(
          result.stderr,
          /^Deleted access key AKIA\w+, whose secret was lost with CreateAccessKey's answer$/m,
        );
        assert.deepEqual(
          (await keysOf("keyed")).sort(),
          [old.replace(":Active", ":Inactive"), `${printed}:Active`].sort(),
        );
      },
    );

    await t.step(
      "delete-user: every deletion's first answer lost, the user still goes",
      async () => {
        const UserName = "full";
        await iam.send(new CreateUserCommand({ UserName }));
        await iam.send(
          new PutUserPolicyCommand({
            UserName,
            PolicyName: "inline",
            PolicyDocument: JSON.stringify({
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }],
            }),
          }),
        );
        const key = await newKey(UserName);
        const READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
        await iam.send(new AttachUserPolicyCommand({ UserName, PolicyArn: READ_ONLY }));
        await iam.send(new CreateGroupCommand({ GroupName: "devs" }));
        await iam.send(new AddUserToGroupCommand({ GroupName: "devs", UserName }));
        await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "full-phone" }));
        const MFA = "arn:aws:iam::123456789012:mfa/full-phone";
        await iam.send(
          new EnableMFADeviceCommand({
            UserName,
            SerialNumber: MFA,
            AuthenticationCode1: "123456",
            AuthenticationCode2: "654321",
          }),
        );
        const { SSHPublicKey } = await iam.send(
          new UploadSSHPublicKeyCommand({
            UserName,
            SSHPublicKeyBody: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 test@example",
          }),
        );
        const deletions = [
          "DeleteUserPolicy",
          "DeleteAccessKey",
          "DetachUserPolicy",
          "RemoveUserFromGroup",
          "DeactivateMFADevice",
          "DeleteVirtualMFADevice",
          "DeleteSSHPublicKey",
          "DeleteUser",
        ];
        const result = await through(
          moto,
          faultsInTurn(Object.fromEntries(deletions.map((action) => [action, lost]))),
          ["delete-user", UserName],
        );
        assert.deepEqual(result.lostActions, deletions);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr, "");
        assert.deepEqual(linesOf(result.stdout), [
          "User: full",
          "  Deleted policy: inline",
          `  Deleted access key: ${key}`,
          `  Detached policy: ${READ_ONLY}`,
          "  Removed from group: devs",
          `  Deleted MFA device: ${MFA}`,
          `  Deleted SSH public key: ${SSHPublicKey!.SSHPublicKeyId}`,
          "  Deleted user",
        ]);
        await assert.rejects(iam.send(new GetUserCommand({ UserName })), noSuchUser);
        const { VirtualMFADevices } = await iam.send(new ListVirtualMFADevicesCommand({}));
        assert.deepEqual(VirtualMFADevices, []);
      },
    );

    await t.step("create's rollback after a failed step: the user is removed", async () => {
      const result = await through(
        moto,
        faultsInTurn({
          // The second bucket's policy is refused, after the first one's was put.
          PutUserPolicy: [{ kind: "pass" }, { kind: "status", status: 400 }],
          DeleteUserPolicy: lost,
          DeleteUser: lost,
        }),
        ["create", "rb-one", "rb-two", "-c", "--username", "rolled-back"],
      );
      assert.deepEqual(result.lostActions, ["DeleteUserPolicy", "DeleteUser"]);
      assert.equal(result.code, 1);
      assert.equal(result.stdout, "");
      assert.match(result.stderr, /^Removed user rolled-back, which this run had created$/m);
      await assert.rejects(iam.send(new GetUserCommand({ UserName: "rolled-back" })), noSuchUser);
    });

    await t.step("create's undelivered key taken back: key and user deleted", async () => {
      const result = await through(
        moto,
        faultsInTurn({ DeleteAccessKey: lost, DeleteUserPolicy: lost, DeleteUser: lost }),
        ["create", "rb-one", "-c", "--username", "undelivered"],
        '"$@" > /dev/full',
      );
      assert.deepEqual(result.lostActions, ["DeleteAccessKey", "DeleteUserPolicy", "DeleteUser"]);
      assert.equal(result.code, 1);
      assert.match(
        linesOf(result.stderr).at(-1)!,
        /^error: the credentials could not be written \(No space left on device\); deleted access key AKIA\w+ and user undelivered$/,
      );
      await assert.rejects(iam.send(new GetUserCommand({ UserName: "undelivered" })), noSuchUser);
    });
  } finally {
    iam.destroy();
    await moto.stop();
  }
});
