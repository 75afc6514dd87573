// What every listing command shares: check the output flags, reach AWS, then
// stream the rows as a JSON array, newline-delimited JSON, CSV or TSV.
import type { AwsClients, Service } from "../aws/clients.ts";
import { type Item, type ListingFormat, writeListing } from "../output/listing.ts";
import type { CliContext } from "./context.ts";
import type { AwsFlags } from "./flags/aws.ts";
import { type ListingFlags, listingFormatOf } from "./flags/listing.ts";

/** A listing: the services it needs, its CSV/TSV columns, and its rows. */
export interface Listing {
  readonly services: readonly Service[];
  readonly columns: readonly string[];
  /** The rows, streamed; told the output format (some listings fetch more for CSV). */
  rows(clients: AwsClients, format: ListingFormat): Promise<AsyncIterable<Item>>;
}

/** Runs `listing` for a command with the AWS and listing flags; returns the rows written. */
export async function printListing(
  context: CliContext,
  flags: AwsFlags & ListingFlags,
  listing: Listing,
): Promise<number> {
  const format = listingFormatOf(flags);
  const clients = await context.aws(flags, listing.services);
  const rows = await listing.rows(clients, format);
  return await writeListing(
    rows,
    format,
    listing.columns,
    (text) => context.process.stdout.write(text),
  );
}
