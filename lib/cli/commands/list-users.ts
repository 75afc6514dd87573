import { userRow } from "../../output/account-rows.ts";
import { USER_COLUMNS } from "../../output/columns.ts";
import { rowsOf } from "../../output/listing.ts";
import { listingCommand } from "../listing-command.ts";

export default listingCommand({
  listing: () => ({
    services: ["iam"],
    columns: USER_COLUMNS,
    rows: async ({ iam }) =>
      rowsOf((await import("../../actions/users-listing.ts")).listUsers(iam), userRow),
  }),
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
