import {
  DeleteAccessKeyCommand,
  type IAMClient,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { keyLastUse } from "./access-keys-listing.ts";
import { isNoSuchEntity } from "../aws/service-errors.ts";
import { describeError } from "../error-line.ts";
import { wasRetried } from "../aws/idempotent-delete.ts";

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
      const owner = username ?? await ownerOf(iam, keyId);
      if (!owner) throw new NotFound();
      try {
        await changeAccessKey(iam, owner, keyId, change);
      } catch (error) {
        if (!isNoSuchEntity(error) || !await goneByDeletion(iam, keyId, change, username, error)) {
          throw error;
        }
      }
      log(changedLine(change, keyId, owner));
    } catch (error) {
      failures.push(`${keyId} (${await whyNot(iam, keyId, username, error)})`);
    }
  }
  return failures;
}

/** The user GetAccessKeyLastUsed names for `keyId`; undefined when there is no such key. */
async function ownerOf(iam: IAMClient, keyId: string): Promise<string | undefined> {
  try {
    return (await keyLastUse(iam, keyId)).username;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

/**
 * After NoSuchEntity from `change` to `keyId`: true when it was a deletion
 * that got what it asked for. The key must be nowhere, and either its user
 * was looked up from it a moment ago or the SDK sent the call again after a
 * lost answer; else an unknown key given with --username stays "not found".
 */
async function goneByDeletion(
  iam: IAMClient,
  keyId: string,
  change: KeyChange,
  username: string | undefined,
  error: unknown,
): Promise<boolean> {
  if (change !== "delete") return false;
  try {
    if (await ownerOf(iam, keyId) !== undefined) return false;
  } catch {
    // Not known to be gone: the NoSuchEntity stands.
    return false;
  }
  return username === undefined || wasRetried(error);
}

/** Why `keyId` could not be changed: "not found", "not a key of USER", or the error. */
async function whyNot(
  iam: IAMClient,
  keyId: string,
  username: string | undefined,
  error: unknown,
): Promise<string> {
  if (error instanceof NotFound) return "not found";
  if (!isNoSuchEntity(error)) return describeError(error);
  if (username !== undefined) {
    // IAM says the same NoSuchEntity when the key exists but belongs to someone else.
    const owner = await ownerOf(iam, keyId).catch(() => undefined);
    if (owner !== undefined && owner !== username) return `not a key of ${username}`;
  }
  return "not found";
}

class NotFound extends Error {}
