import { listBucketColumns, listingItem } from "../../objects/listing.ts";
import { objectUrl } from "../../objects/url.ts";
import type { AwsFlags } from "../flags/aws.ts";
import { bucketParameter } from "../flags/bucket.ts";
import type { ListingFlags } from "../flags/listing.ts";
import { listingCommand } from "../listing-command.ts";

interface ListBucketFlags extends AwsFlags, ListingFlags {
  readonly prefix?: string;
  readonly urls: boolean;
}

export default listingCommand<ListBucketFlags, [string]>({
  listing: (flags, bucket) => ({
    services: ["s3"],
    columns: listBucketColumns(flags.urls),
    async rows(clients, format) {
      const { listObjects } = await import("../../aws/objects.ts");
      const { objectRequests } = await import("../../aws/object-requests.ts");
      // The endpoint the listing itself goes to, so the URLs point where the objects are.
      const endpoint = clients.s3Endpoint;
      const urlOf = flags.urls
        ? (key: string) => objectUrl({ endpoint, region: clients.region, bucket, key })
        : undefined;
      // The Owner column was always empty in the reference: CSV/TSV ask for owners.
      const fetchOwner = format === "csv" || format === "tsv";
      const requests = await objectRequests(clients.s3, bucket);
      const objects = listObjects(clients.s3, bucket, {
        prefix: flags.prefix,
        fetchOwner,
        requests,
      });
      return (async function* () {
        for await (const object of objects) yield listingItem(object, urlOf);
      })();
    },
  }),
  flags: {
    prefix: {
      kind: "parsed",
      parse: (value: string) => value,
      optional: true,
      brief: "List keys starting with this prefix",
    },
    urls: { kind: "boolean", default: false, brief: "Show URLs for each key" },
  },
  positional: { kind: "tuple", parameters: [bucketParameter] },
  docs: {
    brief: "List the objects of a bucket",
    fullDescription: [
      "Lists the objects of a bucket as a JSON array (or --nl, --csv, --tsv), page by page",
      "as they arrive.",
      "",
      "    s3-credentials list-bucket my-bucket --prefix reports/ --urls",
    ].join("\n"),
  },
});
