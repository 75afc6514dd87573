import { buildCommand } from "@stricli/core";
import type { CliContext } from "../context.ts";
import { userRow } from "../../output/account-rows.ts";
import { USER_COLUMNS } from "../../output/columns.ts";
import { rowsOf } from "../../output/listing.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import { listingFlagParameters, type ListingFlags } from "../flags/listing.ts";
import { printListing } from "../listing-command.ts";

export default buildCommand({
  async func(this: CliContext, flags: AwsFlags & ListingFlags) {
    await printListing(this, flags, {
      services: ["iam"],
      columns: USER_COLUMNS,
      rows: async ({ iam }) =>
        rowsOf((await import("../../aws/users-listing.ts")).listUsers(iam), userRow),
    });
  },
  parameters: {
    flags: { ...listingFlagParameters, ...awsFlagParameters },
    aliases: { ...awsAliases },
  },
  docs: {
    brief: "List all users for this account",
    fullDescription: [
      "Lists every IAM user of the account, streamed as a JSON array (or",
      "newline-delimited JSON, CSV or TSV).",
      "",
      "    s3-credentials list-users",
      "    s3-credentials list-users --csv",
    ].join("\n"),
  },
});
