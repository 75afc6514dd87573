import { buildCommand } from "@stricli/core";
import { renderAccessKey } from "../../output/credentials.ts";
import { formatTimestamp } from "../../output/time.ts";
import type { CliContext } from "../context.ts";
import {
  credentialsFormatAliases,
  credentialsFormatFlagParameters,
  type CredentialsFormatFlags,
  credentialsFormatOf,
} from "../flags/credentials-format.ts";
import { deliverCredentials } from "../credentials-delivery.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import { stopOnSignal, STOPPING_NOTICE } from "../interrupt.ts";
import { parseIamUserName } from "../usernames.ts";
import { waitFlagParameters, type WaitFlags, waitForKey, waitLimitMs } from "../flags/wait.ts";

interface RotateFlags extends AwsFlags, WaitFlags, CredentialsFormatFlags {
  readonly deleteOld: boolean;
}

export default buildCommand({
  async func(this: CliContext, flags: RotateFlags, username: string) {
    const waitMs = waitLimitMs(flags);
    const stderr = this.process.stderr;
    const log = (line: string) => stderr.write(line + "\n");
    using stop = stopOnSignal(() => log(STOPPING_NOTICE));
    const signal = stop.signal;
    const clients = await this.aws(flags, waitMs === undefined ? ["iam"] : ["iam", "sts"]);
    const { rotateAccessKey } = await import("../../actions/rotate-key.ts");
    await rotateAccessKey(username, flags.deleteOld ? "delete" : "deactivate", {
      clients,
      log,
      waitForKey: waitMs === undefined
        ? undefined
        : (key) => waitForKey(clients, key, waitMs, log, signal),
      deliver: (key) => deliverCredentials(renderAccessKey(key, credentialsFormatOf(flags))),
      describeTime: formatTimestamp,
      signal,
    });
  },
  parameters: {
    flags: {
      ...credentialsFormatFlagParameters,
      deleteOld: {
        kind: "boolean",
        default: false,
        brief: "Delete the user's other keys instead of deactivating them",
      },
      ...waitFlagParameters,
      ...awsFlagParameters,
    },
    aliases: { ...credentialsFormatAliases, ...awsAliases },
    positional: {
      kind: "tuple",
      parameters: [{ brief: "IAM user name", placeholder: "USERNAME", parse: parseIamUserName }],
    },
  },
  docs: {
    brief: "Give a user a new access key, then deactivate its other keys",
    fullDescription: [
      "Creates a new access key for the user and prints it as create does, then",
      "deactivates the user's other keys (deletes them with --delete-old). With --wait",
      "the old keys are touched only once the new key works. If the user already has",
      "two keys nothing changes, and the error names both and how to free a slot.",
      "",
      "    s3-credentials rotate-access-key s3.read-write.my-bucket",
      "    s3-credentials rotate-access-key s3.read-write.my-bucket --delete-old --wait -f ini",
    ].join("\n"),
  },
});
