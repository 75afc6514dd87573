import { bucketRow } from "../../output/account-rows.ts";
import { BUCKET_COLUMNS, BUCKET_DETAILS_COLUMNS } from "../../output/columns.ts";
import { rowsOf } from "../../output/listing.ts";
import type { AwsFlags } from "../flags/aws.ts";
import type { ListingFlags } from "../flags/listing.ts";
import { listingCommand } from "../listing-command.ts";

interface ListBucketsFlags extends AwsFlags, ListingFlags {
  readonly details: boolean;
}

export default listingCommand<ListBucketsFlags, string[]>({
  listing: (flags, ...names) => ({
    services: ["s3"],
    columns: flags.details ? BUCKET_DETAILS_COLUMNS : BUCKET_COLUMNS,
    rows: async (clients) => {
      const { listBuckets } = await import("../../actions/buckets-listing.ts");
      return rowsOf(listBuckets(clients, { names, details: flags.details }), bucketRow);
    },
  }),
  flags: {
    details: {
      kind: "boolean",
      default: false,
      brief: "Include region, ACL, public access block and website configuration",
    },
  },
  positional: {
    kind: "array",
    parameter: { brief: "Only list these buckets", placeholder: "BUCKETS", parse: String },
  },
  docs: {
    brief: "List buckets, with --details their settings",
    fullDescription: [
      "Lists the account's S3 buckets (all of them, or the ones named), streamed as",
      "a JSON array (or newline-delimited JSON, CSV or TSV). --details adds each",
      "bucket's region, ACL, public access block and website configuration.",
      "",
      "    s3-credentials list-buckets",
      "    s3-credentials list-buckets my-bucket --details",
    ].join("\n"),
  },
});
