import {
  DeleteAccessKeyCommand,
  type IAMClient,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { keyLastUse } from "./access-keys-listing.ts";
import { isAwsError } from "./clients.ts";
import { describeError } from "./describe-error.ts";

/** What can be done to an access key. */
export type KeyChange = "deactivate" | "activate" | "delete";

const DONE: Record<KeyChange, string> = {
  deactivate: "Deactivated",
  activate: "Activated",
  delete: "Deleted",
};

/** Deactivates, activates or deletes access key `keyId` of `username`. */
export async function changeAccessKey(
  iam: IAMClient,
  username: string,
  keyId: string,
  change: KeyChange,
): Promise<void> {
  if (change === "delete") {
    await iam.send(new DeleteAccessKeyCommand({ UserName: username, AccessKeyId: keyId }));
  } else {
    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: username,
        AccessKeyId: keyId,
        Status: change === "activate" ? "Active" : "Inactive",
      }),
    );
  }
}

/** The line logged once `keyId` of `username` was changed. */
export function changedLine(change: KeyChange, keyId: string, username: string): string {
  return `${DONE[change]} access key ${keyId} of user ${username}`;
}

/**
 * Applies `change` to every key in turn, its user being `username` or, when
 * not given, the one GetAccessKeyLastUsed names. A key that fails does not
 * stop the others; returns one `KEY (why)` entry per failed key.
 */
export async function changeAccessKeys(
  iam: IAMClient,
  keyIds: readonly string[],
  change: KeyChange,
  username: string | undefined,
  log: (line: string) => void,
): Promise<string[]> {
  const failures: string[] = [];
  for (const keyId of keyIds) {
    try {
      const owner = username ?? (await keyLastUse(iam, keyId)).username;
      if (!owner) throw new NotFound();
      await changeAccessKey(iam, owner, keyId, change);
      log(changedLine(change, keyId, owner));
    } catch (error) {
      const missing = error instanceof NotFound ||
        isAwsError(error, "NoSuchEntityException", "NoSuchEntity");
      failures.push(`${keyId} (${missing ? "not found" : describeError(error)})`);
    }
  }
  return failures;
}

class NotFound extends Error {}
