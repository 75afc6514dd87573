import { type IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CliError } from "../errors.ts";
import { REVOKE_POLICY_NAME, revokeOlderSessionsPolicy } from "../policy/expiry.ts";
import { isNoSuchEntity } from "../aws/service-errors.ts";

/**
 * Puts (or replaces) the inline policy on `roleName` that refuses every
 * session issued before `cutoff`.
 */
export async function revokeOlderSessions(
  iam: IAMClient,
  roleName: string,
  cutoff: string,
): Promise<void> {
  try {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: REVOKE_POLICY_NAME,
        PolicyDocument: JSON.stringify(revokeOlderSessionsPolicy(cutoff)),
      }),
    );
  } catch (error) {
    if (isNoSuchEntity(error)) {
      throw new CliError(`role ${roleName} does not exist: no sessions to revoke`);
    }
    throw error;
  }
}
