import { buildCommand } from "@stricli/core";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import { missingUsersError, requiredUsernamesPositional } from "../usernames.ts";

export default buildCommand({
  async func(this: CliContext, flags: AwsFlags, ...usernames: string[]) {
    const { iam } = await this.aws(flags, ["iam"]);
    const { deleteUser } = await import("../../actions/delete-user.ts");
    const stdout = this.process.stdout;
    const missing: string[] = [];
    for (const username of new Set(usernames)) {
      const result = await deleteUser(iam, username, (line) => stdout.write(line + "\n"));
      if (result === "missing") missing.push(username);
    }
    if (missing.length > 0) throw missingUsersError(missing);
  },
  parameters: {
    flags: { ...awsFlagParameters },
    aliases: { ...awsAliases },
    positional: requiredUsernamesPositional,
  },
  docs: {
    brief: "Delete users with their access keys, policies and the rest",
    fullDescription: [
      "Deletes each named IAM user with its inline policies and access keys, and",
      "also detaches managed policies, removes it from groups and deletes its",
      "console password, MFA devices, signing certificates, SSH keys and",
      "service-specific credentials, which would otherwise stop the deletion. Users",
      "that do not exist are reported at the end (exit code 1); the others are still",
      "deleted.",
      "",
      "    s3-credentials delete-user s3.read-write.my-bucket",
    ].join("\n"),
  },
});
