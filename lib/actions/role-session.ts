import type { SessionCredentials } from "../credentials.ts";
import type { TemporaryCredentialsStep } from "../policy/create-plan.ts";
import type { AwsClients } from "../aws/clients.ts";
import { assumeRole, type EnsuredRole, ensureRole } from "./role-setup.ts";
import { UnsettledError } from "./unanswered-create.ts";

/**
 * A source of fresh session credentials for one step, called again for
 * every renewal. The first call (and the first after a failure, in case the
 * role was deleted meanwhile) ensures the role; later calls are a single
 * AssumeRole. Only the first call waits for a role this run created.
 */
export function roleSessionSource(
  clients: Pick<AwsClients, "iam" | "iamSingleAttempt" | "sts">,
  step: TemporaryCredentialsStep,
  log: (line: string) => void,
): () => Promise<SessionCredentials> {
  let role: EnsuredRole | undefined;
  return async () => {
    try {
      role ??= await ensureRole(clients, step.roleName, log, step.roleTags);
      const credentials = await assumeRole(clients.sts, role, step, log);
      role = { ...role, recent: false };
      return credentials;
    } catch (error) {
      role = undefined;
      // The next call looks for the role again, so a lost CreateRole answer needs no report.
      throw error instanceof UnsettledError ? error.original : error;
    }
  };
}
