// `--nl`, `--csv`, `--tsv`: the output format of every listing command.
import { UsageError } from "../../errors.ts";
import type { ListingFormat } from "../../output/listing.ts";

/** `--nl`, `--csv`, `--tsv` of the listing commands. */
export interface ListingFlags {
  readonly nl: boolean;
  readonly csv: boolean;
  readonly tsv: boolean;
}

export const listingFlagParameters = {
  nl: { kind: "boolean", brief: "Output newline-delimited JSON", default: false },
  csv: { kind: "boolean", brief: "Output CSV", default: false },
  tsv: { kind: "boolean", brief: "Output TSV", default: false },
} as const;

/** The listing format the flags ask for; more than one of them is a usage error. */
export function listingFormatOf(flags: ListingFlags): ListingFormat {
  const chosen = (["nl", "csv", "tsv"] as const).filter((name) => flags[name]);
  if (chosen.length > 1) {
    throw new UsageError(`${chosen.map((name) => `--${name}`).join(", ")} cannot be used together`);
  }
  return chosen[0] ?? "json";
}
