// How flags read on the command line: their spelling, whether they take a value, how a bad value is worded.
import { UsageError } from "../../errors.ts";

/** How a flag is spelt on the command line: `readOnly` is `--read-only`. */
export function optionName(flag: string): string {
  return `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Whether a flag is given a value on the command line (`--prefix X`), unlike a switch (`--csv`). */
export function takesValue(flag: { readonly kind: string } | undefined): boolean {
  return flag?.kind === "parsed" || flag?.kind === "enum";
}

// Stricli passes errors of asynchronous parsers on as they are: name the flag here.
export async function invalidValueOf<T>(flag: string, parse: () => Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Invalid value for '${flag}': ${(error as Error).message}`);
  }
}
