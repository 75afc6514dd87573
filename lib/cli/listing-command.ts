// Every listing command is this command: its own flags and arguments, then the AWS and listing
// flags, the output flags checked before AWS is reached, and the rows streamed as a JSON array,
// newline-delimited JSON, CSV or TSV.
import {
  type BaseArgs,
  buildCommand,
  type Command,
  type FlagParametersForType,
  type TypedCommandPositionalParameters,
} from "@stricli/core";
import type { AwsClients, Service } from "../aws/clients.ts";
import { type Item, type ListingFormat, writeListing } from "../output/listing.ts";
import type { CliContext } from "./context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "./flags/aws.ts";
import { listingFlagParameters, type ListingFlags, listingFormatOf } from "./flags/listing.ts";

/** A listing: the services it needs, its CSV/TSV columns, and its rows. */
export interface Listing {
  readonly services: readonly Service[];
  readonly columns: readonly string[];
  /** The rows, streamed; told the output format (some listings fetch more for CSV). */
  rows(clients: AwsClients, format: ListingFormat): Promise<AsyncIterable<Item>>;
  /** Called once every row is written: throws for what could not be listed. */
  end?(): void;
}

/** What a listing command declares: its own flags and arguments, the listing, its help. */
export interface ListingCommandSpec<FLAGS extends AwsFlags & ListingFlags, ARGS extends BaseArgs> {
  /** Flags of its own, shown before the listing and AWS flags. */
  readonly flags?: NoInfer<
    FlagParametersForType<Omit<FLAGS, keyof AwsFlags | keyof ListingFlags>, CliContext>
  >;
  readonly positional?: NoInfer<TypedCommandPositionalParameters<ARGS, CliContext>["positional"]>;
  /** The listing the flags and arguments ask for; a usage error thrown here stops before AWS. */
  listing(this: CliContext, flags: FLAGS, ...args: ARGS): Listing;
  readonly docs: { readonly brief: string; readonly fullDescription: string };
}

/** Builds a listing command from its declaration (type arguments: its flags and arguments). */
export function listingCommand<
  FLAGS extends AwsFlags & ListingFlags = AwsFlags & ListingFlags,
  ARGS extends BaseArgs = [],
>(spec: ListingCommandSpec<FLAGS, ARGS>): Command<CliContext> {
  return buildCommand<FLAGS, ARGS, CliContext>({
    async func(this: CliContext, flags: FLAGS, ...args: ARGS) {
      const listing = spec.listing.call(this, flags, ...args);
      const format = listingFormatOf(flags);
      const clients = await this.aws(flags, listing.services);
      const rows = await listing.rows(clients, format);
      await writeListing(rows, format, listing.columns, (text) => this.process.stdout.write(text));
      listing.end?.();
    },
    parameters: {
      flags: { ...spec.flags, ...listingFlagParameters, ...awsFlagParameters },
      aliases: awsAliases,
      positional: spec.positional,
    } as never,
    docs: spec.docs,
  });
}
