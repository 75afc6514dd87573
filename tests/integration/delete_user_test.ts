// delete-user against the moto emulator.
import assert from "node:assert/strict";
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetAccessKeyLastUsedCommand,
  GetGroupCommand,
  GetPolicyCommand,
  GetUserCommand,
  IAMClient,
  ListVirtualMFADevicesCommand,
  PutUserPolicyCommand,
  UploadSSHPublicKeyCommand,
} from "@aws-sdk/client-iam";
import {
  assertOneErrorLine,
  cliAgainst,
  clientOptions,
  enforceWithPowerlessUser,
} from "../support/account_commands.ts";
import { startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
const MFA = "arn:aws:iam::123456789012:mfa/full-phone";
const gone = (e: Error) => e.name === "NoSuchEntityException";

Deno.test("delete-user against the emulator", async (t) => {
  const moto = await startMoto();
  const cli = cliAgainst(moto);
  const iam = new IAMClient(clientOptions(moto));
  try {
    // A user from create: one inline policy and one access key.
    const created = await cli("create", "del-bucket", "-c", "--silent");
    assert.equal(created.code, 0, created.stderr);
    const createdKey = JSON.parse(created.stdout).AccessKeyId;
    // A user with everything that blocks DeleteUser.
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
    const keys: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName }));
      keys.push(AccessKey!.AccessKeyId!);
    }
    await iam.send(new AttachUserPolicyCommand({ UserName, PolicyArn: READ_ONLY }));
    await iam.send(new CreateGroupCommand({ GroupName: "devs" }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "devs", UserName }));
    await iam.send(new CreateLoginProfileCommand({ UserName, Password: "Secret-Pass-123" }));
    await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "full-phone" }));
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

    await t.step("deletes every user named, reporting an unknown one at the end", async () => {
      const result = await cli("delete-user", "s3.read-write.del-bucket", "ghost", UserName);
      assertOneErrorLine(
        result,
        "user not found: ghost",
        [
          "User: s3.read-write.del-bucket",
          "  Deleted policy: s3.read-write.del-bucket",
          `  Deleted access key: ${createdKey}`,
          "  Deleted user",
          "User: full",
          "  Deleted policy: inline",
          `  Deleted access key: ${keys[0]}`,
          `  Deleted access key: ${keys[1]}`,
          `  Detached policy: ${READ_ONLY}`,
          "  Removed from group: devs",
          "  Deleted login profile",
          `  Deleted MFA device: ${MFA}`,
          `  Deleted SSH public key: ${SSHPublicKey!.SSHPublicKeyId}`,
          "  Deleted user",
          "",
        ].join("\n"),
      );
    });

    await t.step("nothing is left behind", async () => {
      for (const name of ["s3.read-write.del-bucket", UserName]) {
        await assert.rejects(iam.send(new GetUserCommand({ UserName: name })), gone);
      }
      for (const AccessKeyId of [createdKey, ...keys]) {
        await assert.rejects(
          iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId })),
          /cannot be found/,
        );
      }
      const group = await iam.send(new GetGroupCommand({ GroupName: "devs" }));
      assert.deepEqual(group.Users, []);
      const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }));
      assert.equal(Policy!.AttachmentCount, 0);
      const { VirtualMFADevices } = await iam.send(new ListVirtualMFADevicesCommand({}));
      assert.deepEqual(VirtualMFADevices, []);
    });

    await t.step("only unknown users: nothing on stdout, one error line", async () => {
      assertOneErrorLine(await cli("delete-user", UserName), "user not found: full");
    });

    await t.step("a caller without IAM permissions: one error line, the user stays", async () => {
      await iam.send(new CreateUserCommand({ UserName: "keeper" }));
      const { env } = await enforceWithPowerlessUser(moto);
      assertOneErrorLine(
        await cliAgainst(moto, env)("delete-user", "keeper"),
        /\(AccessDenied\) when calling the ListUserPolicies operation/,
      );
      await moto.disableAuth();
      const { User } = await iam.send(new GetUserCommand({ UserName: "keeper" }));
      assert.equal(User!.UserName, "keeper");
    });
  } finally {
    iam.destroy();
    await moto.stop();
  }
});
