import { buildCommand } from "@stricli/core";
import { callerIdentityRow } from "../../output/account-rows.ts";
import { formatJson } from "../../output/json.ts";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";

export default buildCommand({
  async func(this: CliContext, flags: AwsFlags) {
    const clients = await this.aws(flags, ["sts"]);
    const { callerIdentity } = await import("../../aws/identity.ts");
    const identity = callerIdentityRow(await callerIdentity(clients.sts));
    // After the reference's fields: where the credentials came from.
    const row = { ...identity, Source: await clients.credentialSource() };
    this.process.stdout.write(formatJson(row, 4) + "\n");
  },
  parameters: {
    flags: { ...awsFlagParameters },
    aliases: { ...awsAliases },
  },
  docs: {
    brief: "Show whom the current credentials belong to",
    fullDescription: [
      "Prints who the credentials belong to (STS GetCallerIdentity) as JSON:",
      "UserId, Account and Arn, then Source: where the credentials came from",
      '("environment", "--access-key", "profile NAME (assumed role, MFA)", "web identity" ...).',
      "",
      "    s3-credentials whoami",
    ].join("\n"),
  },
});
