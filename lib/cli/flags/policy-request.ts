// The flags that shape the generated policy (policy, create, localserver).
import { UsageError } from "../../errors.ts";
import { parseStatement } from "../../policy/statement-flag.ts";
import type { ExtraStatement, Permission } from "../../policy/types.ts";

/** `--read-only` / `--write-only`, `--prefix` and `--statement`: what the generated policy allows. */
export interface PolicyRequestFlags {
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
  readonly prefix?: string[];
  readonly statement?: ExtraStatement[];
}

function parsePrefix(value: string): string {
  // No --prefix is the whole-bucket grant; an empty one is more likely a mistake.
  if (value === "") throw new Error("must not be empty (leave out --prefix for the whole bucket)");
  return value;
}

const prefixFlagParameter = {
  kind: "parsed",
  parse: parsePrefix,
  brief: "Restrict to keys starting with this prefix (repeatable)",
  optional: true,
  variadic: true,
} as const;

const statementFlagParameter = {
  kind: "parsed",
  parse: parseStatement,
  brief: "JSON statement to add to the generated policy (repeatable)",
  optional: true,
  variadic: true,
  placeholder: "STATEMENT",
} as const;

/** The four flags, in the order policy and localserver show them (create spreads them apart). */
export const policyRequestParameters = {
  readOnly: { kind: "boolean", brief: "Only allow reading from the bucket", default: false },
  writeOnly: { kind: "boolean", brief: "Only allow writing to the bucket", default: false },
  prefix: prefixFlagParameter,
  statement: statementFlagParameter,
} as const;

/** The policy the flags ask for; --read-only with --write-only is a usage error. */
export function policyRequestOf(flags: PolicyRequestFlags): {
  permission: Permission;
  prefixes: string[];
  statements: ExtraStatement[];
} {
  if (flags.readOnly && flags.writeOnly) {
    throw new UsageError("Cannot use --read-only and --write-only at the same time");
  }
  return {
    permission: flags.readOnly ? "read-only" : flags.writeOnly ? "write-only" : "read-write",
    prefixes: flags.prefix ?? [],
    statements: flags.statement ?? [],
  };
}
