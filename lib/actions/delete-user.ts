import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachUserPolicyCommand,
  type IAMClient,
  ListServiceSpecificCredentialsCommand,
  paginateListAccessKeys,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListSigningCertificates,
  paginateListSSHPublicKeys,
  paginateListUserPolicies,
  RemoveUserFromGroupCommand,
} from "@aws-sdk/client-iam";
import { isAwsError, isNoSuchEntity } from "../aws/service-errors.ts";
import { deleted } from "../aws/idempotent-delete.ts";
import { allItemsOf } from "../aws/paginate.ts";

/** A virtual MFA device (`arn:aws:iam::123456789012:mfa/name`) is an IAM resource of its own. */
const isVirtualMfa = (serial: string) => /^arn:aws[\w-]*:iam::\d+:mfa\//.test(serial);

/**
 * Deletes IAM user `username` with everything that would stop DeleteUser:
 * inline policies and access keys (as the reference tool did), then
 * attached managed policies, group memberships, the console password, MFA
 * devices (virtual ones are deleted too), signing certificates and SSH
 * keys; when IAM still refuses (DeleteConflict), its service-specific
 * credentials (CodeCommit, Keyspaces), then the user again. A deletion
 * that finds its target gone counts as done (see idempotent-delete.ts).
 * `log` gets the reference's progress lines (`User: name`, `  Deleted
 * policy: ...`, `  Deleted access key: ...`, `  Deleted user`) and one line
 * for each other thing removed.
 *
 * @returns `"missing"` when there is no such user (nothing logged, nothing
 * changed), else `"deleted"`.
 */
export async function deleteUser(
  iam: IAMClient,
  username: string,
  log: (line: string) => void,
): Promise<"deleted" | "missing"> {
  const UserName = username;
  let policyNames: string[];
  try {
    policyNames = await allItemsOf(
      paginateListUserPolicies({ client: iam }, { UserName }),
      (page) => page.PolicyNames,
    );
  } catch (error) {
    if (isNoSuchEntity(error)) return "missing";
    throw error;
  }
  log(`User: ${username}`);
  const client = { client: iam };
  const [accessKeys, attached, groups, mfaDevices, certificates, sshKeys] = await Promise.all([
    allItemsOf(paginateListAccessKeys(client, { UserName }), (page) => page.AccessKeyMetadata),
    allItemsOf(
      paginateListAttachedUserPolicies(client, { UserName }),
      (page) => page.AttachedPolicies,
    ),
    allItemsOf(paginateListGroupsForUser(client, { UserName }), (page) => page.Groups),
    allItemsOf(paginateListMFADevices(client, { UserName }), (page) => page.MFADevices),
    allItemsOf(
      paginateListSigningCertificates(client, { UserName }),
      (page) => page.Certificates,
    ),
    allItemsOf(paginateListSSHPublicKeys(client, { UserName }), (page) => page.SSHPublicKeys),
  ]);
  for (const PolicyName of policyNames) {
    await deleted(iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName })));
    log(`  Deleted policy: ${PolicyName}`);
  }
  for (const { AccessKeyId } of accessKeys) {
    await deleted(iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId })));
    log(`  Deleted access key: ${AccessKeyId}`);
  }
  for (const { PolicyArn } of attached) {
    await deleted(iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn })));
    log(`  Detached policy: ${PolicyArn}`);
  }
  for (const { GroupName } of groups) {
    await deleted(iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName })));
    log(`  Removed from group: ${GroupName}`);
  }
  try {
    await iam.send(new DeleteLoginProfileCommand({ UserName }));
    log("  Deleted login profile");
  } catch (error) {
    // No console password: the usual case.
    if (!isNoSuchEntity(error)) throw error;
  }
  for (const { SerialNumber } of mfaDevices) {
    await deleted(iam.send(new DeactivateMFADeviceCommand({ UserName, SerialNumber })));
    if (isVirtualMfa(SerialNumber!)) {
      await deleted(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber })));
      log(`  Deleted MFA device: ${SerialNumber}`);
    } else {
      log(`  Deactivated MFA device: ${SerialNumber}`);
    }
  }
  for (const { CertificateId } of certificates) {
    await deleted(iam.send(new DeleteSigningCertificateCommand({ UserName, CertificateId })));
    log(`  Deleted signing certificate: ${CertificateId}`);
  }
  for (const { SSHPublicKeyId } of sshKeys) {
    await deleted(iam.send(new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId })));
    log(`  Deleted SSH public key: ${SSHPublicKeyId}`);
  }
  try {
    await deleted(iam.send(new DeleteUserCommand({ UserName })));
  } catch (error) {
    // Git (CodeCommit) or Keyspaces credentials: looked for only when they may be what blocks.
    if (!isAwsError(error, "DeleteConflictException", "DeleteConflict")) throw error;
    // When they cannot be listed either, the conflict is what to report.
    if (!await deleteServiceCredentials(iam, UserName, log).catch(() => false)) throw error;
    await deleted(iam.send(new DeleteUserCommand({ UserName })));
  }
  log("  Deleted user");
  return "deleted";
}

/** Deletes the service-specific credentials of `UserName`; false when it had none. */
async function deleteServiceCredentials(
  iam: IAMClient,
  UserName: string,
  log: (line: string) => void,
): Promise<boolean> {
  let found = false;
  let Marker: string | undefined;
  do {
    const page = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName, Marker }));
    for (const credential of page.ServiceSpecificCredentials ?? []) {
      const { ServiceSpecificCredentialId, ServiceName } = credential;
      await deleted(
        iam.send(
          new DeleteServiceSpecificCredentialCommand({ UserName, ServiceSpecificCredentialId }),
        ),
      );
      log(`  Deleted service-specific credential: ${ServiceSpecificCredentialId} (${ServiceName})`);
      found = true;
    }
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return found;
}
