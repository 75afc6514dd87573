import { CliError } from "../errors.ts";

/** Checks an IAM user name (1 to 64 of letters, digits and `+=,.@_-`) before any AWS call. */
export function parseIamUserName(name: string): string {
  if (!/^[\w+=,.@-]{1,64}$/.test(name)) {
    throw new Error(
      `'${name}' is not a valid IAM user name: 1 to 64 letters, digits and +=,.@_- characters`,
    );
  }
  return name;
}

const usernameParameter = {
  brief: "IAM user names",
  placeholder: "USERNAMES",
  parse: parseIamUserName,
} as const;

/** `USERNAMES...`: one or more. */
export const requiredUsernamesPositional = {
  kind: "array",
  minimum: 1,
  parameter: usernameParameter,
} as const;

/** `[USERNAMES]...`: none means every user. */
export const optionalUsernamesPositional = {
  kind: "array",
  parameter: usernameParameter,
} as const;

/** The error for users IAM does not know, reported once the others are done. */
export function missingUsersError(usernames: readonly string[]): CliError {
  return new CliError(
    usernames.length === 1
      ? `user not found: ${usernames[0]}`
      : `users not found: ${usernames.join(", ")}`,
  );
}
