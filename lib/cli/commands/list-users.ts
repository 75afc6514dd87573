import { buildCommand, type CommandContext } from "@stricli/core";
import { USER_COLUMNS } from "../../output/columns.ts";
import { writeListing } from "../../output/listing.ts";
import {
  awsAliases,
  awsFlagParameters,
  type AwsFlags,
  listingFlagParameters,
  type ListingFlags,
  listingFormatOf,
  resolveAwsOptions,
} from "../flags.ts";

export default buildCommand({
  async func(this: CommandContext, flags: AwsFlags & ListingFlags) {
    const awsOptions = resolveAwsOptions(flags);
    const format = listingFormatOf(flags);
    const { createClients } = await import("../../aws/clients.ts");
    const { listUsers } = await import("../../aws/users-listing.ts");
    const { iam } = await createClients(awsOptions, ["iam"]);
    const stdout = this.process.stdout;
    await writeListing(listUsers(iam), format, USER_COLUMNS, (text) => stdout.write(text));
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
