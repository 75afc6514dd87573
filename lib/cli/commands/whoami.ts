import { buildCommand } from "@stricli/core";
import { callerIdentityRow } from "../../output/account-rows.ts";
import { formatJson } from "../../output/json.ts";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";

export default buildCommand({
  async func(this: CliContext, flags: AwsFlags) {
    const { sts } = await this.aws(flags, ["sts"]);
    const { callerIdentity } = await import("../../aws/identity.ts");
    this.process.stdout.write(formatJson(callerIdentityRow(await callerIdentity(sts)), 4) + "\n");
  },
  parameters: {
    flags: { ...awsFlagParameters },
    aliases: { ...awsAliases },
  },
  docs: {
    brief: "Show whom the current credentials belong to",
    fullDescription: [
      "Prints who the credentials belong to (STS GetCallerIdentity) as JSON:",
      "UserId, Account and Arn.",
      "",
      "    s3-credentials whoami",
    ].join("\n"),
  },
});
