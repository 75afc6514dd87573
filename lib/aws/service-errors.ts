// How AWS service errors are recognised, in one place for every layer that calls AWS.

/** True when `error` is the AWS service error named `name` (e.g. `NoSuchEntityException`). */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}

/** HTTP status of a failed AWS call, if it got an answer. */
export function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

/** True when IAM says the entity named does not exist (NoSuchEntity). */
export function isNoSuchEntity(error: unknown): boolean {
  return isAwsError(error, "NoSuchEntityException", "NoSuchEntity");
}
