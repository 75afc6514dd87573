// deactivate-access-key, activate-access-key and delete-access-key: one command shape.
import { buildCommand } from "@stricli/core";
import type { KeyChange } from "../actions/access-key-changes.ts";
import { CliError } from "../errors.ts";
import type { CliContext } from "./context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "./flags/aws.ts";
import { parseIamUserName } from "./usernames.ts";

interface KeyChangeFlags extends AwsFlags {
  readonly username?: string;
}

/** Checks an access key ID (16 to 128 letters and digits, as IAM forms them). */
export function parseAccessKeyId(value: string): string {
  if (!/^\w{16,128}$/.test(value)) {
    throw new Error(`'${value}' is not an access key ID (16 to 128 letters and digits)`);
  }
  return value;
}

/** `KEY_ID...`: one or more access key IDs. */
export const keyIdsPositional = {
  kind: "array",
  minimum: 1,
  parameter: { brief: "Access key IDs", placeholder: "KEY_IDS", parse: parseAccessKeyId },
} as const;

/** The command applying `change` to the keys it is given. */
export function keyChangeCommand(
  change: KeyChange,
  docs: { brief: string; fullDescription: string },
) {
  return buildCommand({
    async func(this: CliContext, flags: KeyChangeFlags, ...keyIds: string[]) {
      const { iam } = await this.aws(flags, ["iam"]);
      const { changeAccessKeys } = await import("../actions/access-key-changes.ts");
      const stderr = this.process.stderr;
      const failures = await changeAccessKeys(
        iam,
        [...new Set(keyIds)],
        change,
        flags.username,
        (line) => stderr.write(line + "\n"),
      );
      if (failures.length === 1) throw new CliError(`access key ${failures[0]}`);
      if (failures.length > 1) {
        throw new CliError(`${failures.length} access keys failed: ${failures.join(", ")}`);
      }
    },
    parameters: {
      flags: {
        username: {
          kind: "parsed",
          parse: parseIamUserName,
          optional: true,
          brief: "The keys' user (else each key's user is looked up)",
        },
        ...awsFlagParameters,
      },
      aliases: { ...awsAliases },
      positional: keyIdsPositional,
    },
    docs,
  });
}
