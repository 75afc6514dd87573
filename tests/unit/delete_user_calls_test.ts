// delete-user, call by call: everything that would block DeleteUser is removed
// first, an unknown user changes nothing, and the progress lines are the reference's
// (`User: NAME`, then `  Deleted policy: ...`, `  Deleted access key: ...`, `  Deleted user`).
import assert from "node:assert/strict";
import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteConflictException,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
  RemoveUserFromGroupCommand,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { deleteUser } from "../../lib/actions/delete-user.ts";
import { accessDenied } from "../support/aws_mocks.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const noSuchEntity = (message: string) =>
  new NoSuchEntityException({ message, $metadata: { httpStatusCode: 404 } });

function setup() {
  const iam = new IAMClient({
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  const mock = mockClient(iam);
  const lines: string[] = [];
  const ops = () =>
    mock.calls().map((call) => {
      const command = call.args[0] as { constructor: { name: string }; input: unknown };
      return [command.constructor.name.replace(/Command$/, ""), command.input] as const;
    });
  return { iam, mock, lines, log: (line: string) => lines.push(line), ops };
}

function emptyLists(mock: ReturnType<typeof setup>["mock"]) {
  mock.on(ListUserPoliciesCommand).resolves({ PolicyNames: [] });
  mock.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [] });
  mock.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [] });
  mock.on(ListGroupsForUserCommand).resolves({ Groups: [] });
  mock.on(ListMFADevicesCommand).resolves({ MFADevices: [] });
  mock.on(ListSigningCertificatesCommand).resolves({ Certificates: [] });
  mock.on(ListSSHPublicKeysCommand).resolves({ SSHPublicKeys: [] });
  mock.on(DeleteLoginProfileCommand).rejects(noSuchEntity("Login profile for u not found"));
}

Deno.test("a user with everything attached: all of it goes, then the user", async () => {
  const { iam, mock, lines, log, ops } = setup();
  emptyLists(mock);
  mock.on(ListUserPoliciesCommand, { UserName: "u" }).resolvesOnce({
    PolicyNames: ["p1"],
    IsTruncated: true,
    Marker: "m",
  }).resolves({ PolicyNames: ["p2"] });
  mock.on(ListAccessKeysCommand).resolves({
    AccessKeyMetadata: [{ AccessKeyId: "AKIA1" }, { AccessKeyId: "AKIA2" }],
  });
  mock.on(ListAttachedUserPoliciesCommand).resolves({
    AttachedPolicies: [{ PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
  });
  mock.on(ListGroupsForUserCommand).resolves({ Groups: [{ GroupName: "devs" } as never] });
  mock.on(DeleteLoginProfileCommand).resolves({});
  mock.on(ListMFADevicesCommand).resolves({
    MFADevices: [
      { SerialNumber: "arn:aws:iam::123456789012:mfa/u-phone" } as never,
      { SerialNumber: "GAHT12345678" } as never,
    ],
  });
  mock.on(ListSigningCertificatesCommand).resolves({
    Certificates: [{ CertificateId: "CERT1" } as never],
  });
  mock.on(ListSSHPublicKeysCommand).resolves({
    SSHPublicKeys: [{ SSHPublicKeyId: "APKA1" } as never],
  });

  assert.equal(await deleteUser(iam, "u", log), "deleted");
  assert.deepEqual(lines, [
    "User: u",
    "  Deleted policy: p1",
    "  Deleted policy: p2",
    "  Deleted access key: AKIA1",
    "  Deleted access key: AKIA2",
    "  Detached policy: arn:aws:iam::aws:policy/ReadOnlyAccess",
    "  Removed from group: devs",
    "  Deleted login profile",
    "  Deleted MFA device: arn:aws:iam::123456789012:mfa/u-phone",
    "  Deactivated MFA device: GAHT12345678",
    "  Deleted signing certificate: CERT1",
    "  Deleted SSH public key: APKA1",
    "  Deleted user",
  ]);
  const changes = ops().filter(([op]) => !op.startsWith("List"));
  assert.deepEqual(changes, [
    ["DeleteUserPolicy", { UserName: "u", PolicyName: "p1" }],
    ["DeleteUserPolicy", { UserName: "u", PolicyName: "p2" }],
    ["DeleteAccessKey", { UserName: "u", AccessKeyId: "AKIA1" }],
    ["DeleteAccessKey", { UserName: "u", AccessKeyId: "AKIA2" }],
    ["DetachUserPolicy", { UserName: "u", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
    ["RemoveUserFromGroup", { UserName: "u", GroupName: "devs" }],
    ["DeleteLoginProfile", { UserName: "u" }],
    [
      "DeactivateMFADevice",
      { UserName: "u", SerialNumber: "arn:aws:iam::123456789012:mfa/u-phone" },
    ],
    ["DeleteVirtualMFADevice", { SerialNumber: "arn:aws:iam::123456789012:mfa/u-phone" }],
    ["DeactivateMFADevice", { UserName: "u", SerialNumber: "GAHT12345678" }],
    ["DeleteSigningCertificate", { UserName: "u", CertificateId: "CERT1" }],
    ["DeleteSSHPublicKey", { UserName: "u", SSHPublicKeyId: "APKA1" }],
    ["DeleteUser", { UserName: "u" }],
  ]);
  // The second page of inline policies was asked for with the first page's marker.
  assert.equal(mock.commandCalls(ListUserPoliciesCommand)[1].args[0].input.Marker, "m");
});

Deno.test("a plain user prints exactly the reference's lines", async () => {
  const { iam, mock, lines, log } = setup();
  emptyLists(mock);
  mock.on(ListUserPoliciesCommand).resolves({ PolicyNames: ["s3.read-write.bkt"] });
  mock.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ AccessKeyId: "AKIA9" }] });
  assert.equal(await deleteUser(iam, "s3.read-write.bkt", log), "deleted");
  assert.deepEqual(lines, [
    "User: s3.read-write.bkt",
    "  Deleted policy: s3.read-write.bkt",
    "  Deleted access key: AKIA9",
    "  Deleted user",
  ]);
  assert.equal(mock.commandCalls(DeleteLoginProfileCommand).length, 1, "tried, none there");
  assert.equal(mock.commandCalls(DeactivateMFADeviceCommand).length, 0);
});

Deno.test("an unknown user: one request, nothing printed, nothing changed", async () => {
  const { iam, mock, lines, log, ops } = setup();
  emptyLists(mock);
  mock.on(ListUserPoliciesCommand).rejects(
    noSuchEntity("The user with name ghost cannot be found."),
  );
  assert.equal(await deleteUser(iam, "ghost", log), "missing");
  assert.deepEqual(lines, []);
  assert.deepEqual(ops().map(([op]) => op), ["ListUserPolicies"]);
});

Deno.test("other failures stop the deletion and reach the caller as they are", async () => {
  const { iam, mock, lines, log } = setup();
  emptyLists(mock);
  mock.on(ListUserPoliciesCommand).resolves({ PolicyNames: ["p"] });
  mock.on(DeleteUserPolicyCommand).rejects(accessDenied("not authorized: iam:DeleteUserPolicy"));
  await assert.rejects(deleteUser(iam, "u", log), (e: Error) => e.name === "AccessDenied");
  assert.deepEqual(lines, ["User: u"]);
  assert.equal(mock.commandCalls(DeleteUserCommand).length, 0);
  assert.equal(mock.commandCalls(DeleteAccessKeyCommand).length, 0);
  assert.equal(mock.commandCalls(DetachUserPolicyCommand).length, 0);
});

Deno.test("a login profile that cannot be deleted for another reason is an error", async () => {
  const { iam, mock, log } = setup();
  emptyLists(mock);
  mock.on(DeleteLoginProfileCommand).rejects(accessDenied("no"));
  await assert.rejects(deleteUser(iam, "u", log), (e: Error) => e.name === "AccessDenied");
  assert.equal(mock.commandCalls(DeleteUserCommand).length, 0);
  assert.equal(mock.commandCalls(RemoveUserFromGroupCommand).length, 0);
  assert.equal(mock.commandCalls(DeleteSigningCertificateCommand).length, 0);
  assert.equal(mock.commandCalls(DeleteSSHPublicKeyCommand).length, 0);
  assert.equal(mock.commandCalls(DeleteVirtualMFADeviceCommand).length, 0);
});

// moto does not implement ListServiceSpecificCredentials (it answers 500): call-level only.
Deno.test("DeleteConflict: service-specific credentials are deleted, then the user", async () => {
  const { iam, mock, lines, log, ops } = setup();
  emptyLists(mock);
  mock.on(DeleteUserCommand).rejectsOnce(
    new DeleteConflictException({
      message: "Cannot delete entity, must remove referenced objects first.",
      $metadata: { httpStatusCode: 409 },
    }),
  ).resolves({});
  mock.on(ListServiceSpecificCredentialsCommand)
    .resolvesOnce({
      ServiceSpecificCredentials: [credential("ACCA1", "codecommit.amazonaws.com")],
      IsTruncated: true,
      Marker: "m",
    })
    .resolves({ ServiceSpecificCredentials: [credential("ACCA2", "cassandra.amazonaws.com")] });

  assert.equal(await deleteUser(iam, "u", log), "deleted");
  assert.deepEqual(ops().filter(([op]) => !op.startsWith("List") || op.includes("Service")), [
    ["DeleteLoginProfile", { UserName: "u" }],
    ["DeleteUser", { UserName: "u" }],
    ["ListServiceSpecificCredentials", { UserName: "u", Marker: undefined }],
    ["DeleteServiceSpecificCredential", { UserName: "u", ServiceSpecificCredentialId: "ACCA1" }],
    ["ListServiceSpecificCredentials", { UserName: "u", Marker: "m" }],
    ["DeleteServiceSpecificCredential", { UserName: "u", ServiceSpecificCredentialId: "ACCA2" }],
    ["DeleteUser", { UserName: "u" }],
  ]);
  assert.deepEqual(lines, [
    "User: u",
    "  Deleted service-specific credential: ACCA1 (codecommit.amazonaws.com)",
    "  Deleted service-specific credential: ACCA2 (cassandra.amazonaws.com)",
    "  Deleted user",
  ]);
});

Deno.test("DeleteConflict with no service-specific credentials to delete stays the error", async () => {
  const { iam, mock, log } = setup();
  emptyLists(mock);
  mock.on(DeleteUserCommand).rejects(
    new DeleteConflictException({ message: "conflict", $metadata: { httpStatusCode: 409 } }),
  );
  const listing = mock.on(ListServiceSpecificCredentialsCommand);
  listing.resolves({ ServiceSpecificCredentials: [] });
  const conflict = (e: Error) => e.name === "DeleteConflictException";
  await assert.rejects(deleteUser(iam, "u", log), conflict);
  assert.equal(mock.commandCalls(DeleteUserCommand).length, 1);
  // Nor does a listing that fails (a server without the API, a caller not allowed it) hide it.
  listing.rejects(accessDenied("not authorized: iam:ListServiceSpecificCredentials"));
  await assert.rejects(deleteUser(iam, "u", log), conflict);
});

function credential(id: string, service: string) {
  return {
    UserName: "u",
    Status: "Active" as const,
    ServiceUserName: "u-at-123456789012",
    CreateDate: new Date(0),
    ServiceSpecificCredentialId: id,
    ServiceName: service,
  };
}
