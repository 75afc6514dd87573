import { buildCommand } from "@stricli/core";
import { userPolicyRow } from "../../output/account-rows.ts";
import { USER_INLINE_POLICY_COLUMNS } from "../../output/columns.ts";
import { type Item, writeListing } from "../../output/listing.ts";
import { policyText, userHeading } from "../../output/user-policies.ts";
import type { UserPolicyEvent } from "../../actions/users-listing.ts";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import { listingFlagParameters, type ListingFlags, listingFormatOf } from "../flags/listing.ts";
import { missingUsersError, optionalUsernamesPositional } from "../usernames.ts";

/** The policies among `events`, noting users IAM does not know in `missing`. */
async function* policiesOf(
  events: AsyncIterable<UserPolicyEvent>,
  missing: string[],
): AsyncGenerator<Item> {
  for await (const event of events) {
    if (event.kind === "policy") yield userPolicyRow(event.policy);
    else if (event.kind === "missing") missing.push(event.username);
  }
}

export default buildCommand({
  async func(this: CliContext, flags: AwsFlags & ListingFlags, ...usernames: string[]) {
    const format = listingFormatOf(flags);
    const { iam } = await this.aws(flags, ["iam"]);
    const { userPolicyEvents } = await import("../../actions/users-listing.ts");
    const stdout = this.process.stdout;
    const events = userPolicyEvents(iam, usernames);
    const missing: string[] = [];
    if (format === "json") {
      // No listing flag: the reference's text layout.
      for await (const event of events) {
        if (event.kind === "user") stdout.write(userHeading(event.username));
        else if (event.kind === "missing") missing.push(event.username);
        else {stdout.write(
            policyText(event.policy.PolicyName as string, event.policy.PolicyDocument),
          );}
      }
    } else {
      await writeListing(
        policiesOf(events, missing),
        format,
        USER_INLINE_POLICY_COLUMNS,
        (text) => stdout.write(text),
      );
    }
    if (missing.length > 0) throw missingUsersError(missing);
  },
  parameters: {
    flags: { ...listingFlagParameters, ...awsFlagParameters },
    aliases: { ...awsAliases },
    positional: optionalUsernamesPositional,
  },
  docs: {
    brief: "List inline policies for specified users",
    fullDescription: [
      "Prints the inline policies of the named users, or of every user when none",
      "is named: `User: name`, then `PolicyName: name` and the policy document for",
      "each policy. --nl, --csv and --tsv print one item per policy instead",
      "(UserName, PolicyName, PolicyDocument).",
      "",
      "    s3-credentials list-user-policies s3.read-write.my-bucket",
      "    s3-credentials list-user-policies --csv",
    ].join("\n"),
  },
});
