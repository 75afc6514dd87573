import { roleRow } from "../../output/account-rows.ts";
import { ROLE_COLUMNS, ROLE_DETAILS_COLUMNS } from "../../output/columns.ts";
import { rowsOf } from "../../output/listing.ts";
import type { AwsFlags } from "../flags/aws.ts";
import type { ListingFlags } from "../flags/listing.ts";
import { listingCommand } from "../listing-command.ts";

interface ListRolesFlags extends AwsFlags, ListingFlags {
  readonly details: boolean;
}

export default listingCommand<ListRolesFlags, string[]>({
  listing: (flags, ...names) => ({
    services: ["iam"],
    columns: flags.details ? ROLE_DETAILS_COLUMNS : ROLE_COLUMNS,
    rows: async ({ iam }) => {
      const { listRoles } = await import("../../actions/roles-listing.ts");
      return rowsOf(listRoles(iam, { names, details: flags.details }), roleRow);
    },
  }),
  flags: {
    details: {
      kind: "boolean",
      default: false,
      brief: "Include each role's inline and attached policies",
    },
  },
  positional: {
    kind: "array",
    parameter: { brief: "Only list these roles", placeholder: "ROLE_NAMES", parse: String },
  },
  docs: {
    brief: "List IAM roles, with --details their policies",
    fullDescription: [
      "Lists the account's IAM roles (all of them, or the ones named), streamed as",
      "a JSON array (or newline-delimited JSON, CSV or TSV). --details adds each",
      "role's inline policies and its attached managed policies with their default",
      "version's document.",
      "",
      "    s3-credentials list-roles",
      "    s3-credentials list-roles my-role --details",
    ].join("\n"),
  },
});
