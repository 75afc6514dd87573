import { buildCommand } from "@stricli/core";
import {
  revocationCutoff,
  REVOKE_POLICY_NAME,
  revokeOlderSessionsPolicy,
} from "../../policy/expiry.ts";
import { checkPolicySize, ROLE_POLICIES_LIMIT } from "../../policy/policy-size.ts";
import { ROLE_NAME } from "../../policy/role.ts";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";

interface RevokeFlags extends AwsFlags {
  readonly role?: string;
}

function parseRoleName(name: string): string {
  if (!/^[\w+=,.@-]{1,64}$/.test(name)) {
    throw new Error("IAM role names are 1 to 64 letters, digits and +=,.@_- characters");
  }
  return name;
}

export default buildCommand({
  async func(this: CliContext, flags: RevokeFlags) {
    const roleName = flags.role ?? ROLE_NAME;
    const cutoff = revocationCutoff(new Date());
    checkPolicySize(
      `the ${REVOKE_POLICY_NAME} policy`,
      [revokeOlderSessionsPolicy(cutoff)],
      ROLE_POLICIES_LIMIT,
      "report this as a bug",
    );
    const { iam } = await this.aws(flags, ["iam"]);
    const { revokeOlderSessions } = await import("../../actions/revoke-sessions.ts");
    await revokeOlderSessions(iam, roleName, cutoff);
    this.process.stdout.write(
      `Sessions of role ${roleName} issued before ${cutoff} no longer work\n`,
    );
  },
  parameters: {
    flags: {
      role: {
        kind: "parsed",
        parse: parseRoleName,
        optional: true,
        placeholder: "NAME",
        brief: `Role whose sessions to revoke (default ${ROLE_NAME})`,
      },
      ...awsFlagParameters,
    },
    aliases: { ...awsAliases },
  },
  docs: {
    brief: "End every temporary credential the role issued until now",
    fullDescription: [
      `Puts the inline policy ${REVOKE_POLICY_NAME} on the role (replacing an earlier`,
      "one): it denies everything to sessions issued before now, so credentials from",
      "create --duration and localserver stop working, while new ones still work.",
      "Prints the cut-off time. IAM takes a few seconds to apply it. A running",
      "localserver keeps serving its current set until its next renewal: restart it",
      "to hand out working credentials at once. See docs/expiry.md.",
      "",
      "    s3-credentials revoke-sessions",
    ].join("\n"),
  },
});
