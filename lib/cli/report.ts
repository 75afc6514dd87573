import {
  AliasNotFoundError,
  ArgumentParseError,
  ArgumentScannerError,
  EnumValidationError,
  FlagNotFoundError,
  InvalidNegatedFlagSyntaxError,
  text_en,
  UnexpectedFlagError,
  UnexpectedPositionalError,
  UnsatisfiedFlagError,
  UnsatisfiedPositionalError,
} from "@stricli/core";
import { CliError, StdoutClosedError } from "../errors.ts";
import { describeError } from "../error-line.ts";
import { optionName } from "./flags/option.ts";

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");

/** One line describing a command-line parsing failure. */
export function describeScannerError(error: ArgumentScannerError): string {
  if (error instanceof FlagNotFoundError) {
    const hint = error.corrections.length > 0
      ? ` (did you mean ${error.corrections.map(optionName).join(" or ")}?)`
      : "";
    return `No such option: --${error.input}${hint}`;
  }
  if (error instanceof AliasNotFoundError) return `No such option: -${error.input}`;
  if (error instanceof ArgumentParseError) {
    const exception = error.exception;
    if (exception instanceof CliError) return exception.message;
    const detail = exception instanceof Error ? exception.message : String(exception);
    return `Invalid value for ${flagOrArgument(error.externalFlagNameOrPlaceholder)}: ${detail}`;
  }
  if (error instanceof EnumValidationError) {
    return `Invalid value for '--${error.externalFlagName}': '${error.input}' is not one of ${
      quoted(error.values)
    }.`;
  }
  if (error instanceof UnsatisfiedFlagError) {
    return `Option '--${error.externalFlagName}' requires an argument.`;
  }
  if (error instanceof UnexpectedPositionalError) {
    return `Got unexpected extra argument (${error.input})`;
  }
  if (error instanceof UnsatisfiedPositionalError) {
    return `Missing argument '${error.placeholder}${error.limit ? "..." : ""}'.`;
  }
  if (error instanceof UnexpectedFlagError) {
    return `Option '--${error.externalFlagName}' was given more than once`;
  }
  if (error instanceof InvalidNegatedFlagSyntaxError) {
    return `Option '--no-${error.externalFlagName}' takes no value`;
  }
  return error.message;
}

function flagOrArgument(name: string): string {
  return /^[A-Z_]+$/.test(name) ? `'${name}'` : `'--${name}'`;
}

/** Exit code for a failure thrown by a command: 2 for usage errors, 1 otherwise. */
export function exitCodeFor(error: unknown): number {
  // As `yes | head -1` ends: the reader has what it wanted, so no failure for a pipeline.
  if (error instanceof StdoutClosedError) return 0;
  return error instanceof CliError ? error.exitCode : 1;
}

/** What the error report of a run that ends quietly reads; main.ts writes nothing for it. */
export const QUIET_END = "\u0000";

/** Stricli's texts, with every error worded as one `error:` line. */
export const errorText = {
  ...text_en,
  noCommandRegisteredForInput({ input, corrections }) {
    const names = corrections.map((c) => `'${c.replaceAll("`", "")}'`);
    const hint = names.length > 0 ? ` (did you mean ${names.join(" or ")}?)` : "";
    return `error: No such command '${input}'.${hint}`;
  },
  exceptionWhileParsingArguments(error: unknown) {
    const message = error instanceof ArgumentScannerError
      ? describeScannerError(error)
      : describeError(error);
    return `error: ${message}`;
  },
  exceptionWhileRunningCommand(error: unknown) {
    if (error instanceof StdoutClosedError) return QUIET_END;
    return `error: ${describeError(error)}`;
  },
} satisfies typeof text_en;
