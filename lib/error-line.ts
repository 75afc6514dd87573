import { describeAwsError } from "./aws/describe-error.ts";
import { CliError } from "./errors.ts";

/** One line describing any failure: ours (CliError), AWS's, or an unexpected one. */
export function describeError(error: unknown): string {
  if (error instanceof CliError) return error.message;
  const aws = describeAwsError(error);
  if (aws) return aws;
  if (error instanceof Error) return error.message.split("\n")[0];
  return String(error);
}
