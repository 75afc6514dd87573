import { type AccessKeyMetadata, DeleteAccessKeyCommand } from "@aws-sdk/client-iam";
import { CliError, failureOrInterruption } from "../errors.ts";
import type { AccessKey } from "../credentials.ts";
import { MAX_ACCESS_KEYS } from "../policy/iam-limits.ts";
import { changeAccessKey, changedLine } from "./access-key-changes.ts";
import { accessKeysOf, keyLastUse } from "./access-keys-listing.ts";
import type { AwsClients } from "../aws/clients.ts";
import { isNoSuchEntity } from "../aws/service-errors.ts";
import { describeError } from "../error-line.ts";
import { deleted } from "../aws/idempotent-delete.ts";
import { createAccessKeyOnce, settled } from "./unanswered-create.ts";

/** What a rotation needs besides the user's name. */
export interface RotateDeps {
  clients: Pick<AwsClients, "iam" | "iamSingleAttempt">;
  log: (line: string) => void;
  /** Waits until the new key works (--wait): undefined once it does, else why not. */
  waitForKey?: (key: AccessKey) => Promise<string | undefined>;
  /** Hands the new key to the user: undefined once done, else why it could not be. */
  deliver: (key: AccessKey) => string | undefined;
  /** How errors write a time (the printed timestamp form). */
  describeTime: (date: Date) => string;
  /** Ctrl+C: before the new key exists it stops the run; after, the key is delivered and kept. */
  signal?: AbortSignal;
}

/** What happens to the user's other keys once the new one is delivered. */
export type Retire = "deactivate" | "delete";

/**
 * Gives `username` a new access key, delivers it, then deactivates (or
 * deletes) the user's other keys. The old keys are touched only once the new
 * key was delivered (and, with a wait, works); a new key that could not be
 * delivered is deleted again. Interrupted once the key exists, it delivers
 * the key and stops there, leaving the old keys unchanged.
 */
export async function rotateAccessKey(
  username: string,
  retire: Retire,
  deps: RotateDeps,
): Promise<void> {
  const { iam } = deps.clients;
  const old = await currentKeys(deps, username);
  if (old.length >= MAX_ACCESS_KEYS) throw await fullError(deps, username, old);
  deps.signal?.throwIfAborted();
  const key = await createKey(deps, username, old.map((k) => k.AccessKeyId!));
  deps.log(`Created access key ${key.AccessKeyId} for user ${username}`);
  const waited = await deps.waitForKey?.(key);
  const undelivered = deps.deliver(key);
  if (undelivered !== undefined) {
    try {
      await deleted(
        iam.send(new DeleteAccessKeyCommand({ UserName: username, AccessKeyId: key.AccessKeyId })),
      );
    } catch (error) {
      throw failureOrInterruption(
        `${undelivered}; new access key ${key.AccessKeyId} could not be deleted (${
          describeError(error)
        }): delete it with s3-credentials delete-access-key ${key.AccessKeyId}; ` +
          "the old keys are unchanged",
        deps.signal,
      );
    }
    throw failureOrInterruption(
      `${undelivered}; deleted new access key ${key.AccessKeyId}; the old keys are unchanged`,
      deps.signal,
    );
  }
  if (deps.signal?.aborted) {
    throw failureOrInterruption(
      `the credentials were printed; new access key ${key.AccessKeyId} of user ${username} ` +
        "is active and the old keys are unchanged",
      deps.signal,
    );
  }
  if (waited !== undefined) {
    throw new CliError(`${waited}; the credentials were printed and the old keys are unchanged`);
  }
  const failures: string[] = [];
  for (const { AccessKeyId: id, Status } of old) {
    if (retire === "deactivate" && Status === "Inactive") continue;
    try {
      // Listed a moment ago: a key to delete that is gone now was deleted (a lost answer's retry).
      const change = changeAccessKey(iam, username, id!, retire);
      await (retire === "delete" ? deleted(change) : change);
      deps.log(changedLine(retire, id!, username));
    } catch (error) {
      failures.push(`${id} (${describeError(error)})`);
    }
  }
  if (failures.length > 0) {
    throw new CliError(
      `the new key was printed, but these old keys could not be ${retire}d: ${failures.join(", ")}`,
    );
  }
}

async function currentKeys(deps: RotateDeps, username: string): Promise<AccessKeyMetadata[]> {
  try {
    return await accessKeysOf(deps.clients.iam, username);
  } catch (error) {
    if (isNoSuchEntity(error)) {
      throw new CliError(`user not found: ${username}`);
    }
    throw error;
  }
}

/** Both slots taken: name the keys, their status and last use, and how to free one. */
async function fullError(
  deps: RotateDeps,
  username: string,
  keys: AccessKeyMetadata[],
): Promise<CliError> {
  const uses = await Promise.all(keys.map((k) => keyLastUse(deps.clients.iam, k.AccessKeyId!)));
  const described = keys.map((k, i) => {
    const { date, service } = uses[i].lastUse;
    const used = date
      ? `last used ${deps.describeTime(date)}${service ? ` with ${service}` : ""}`
      : "never used";
    return `${k.AccessKeyId} (${k.Status}, ${used})`;
  });
  // Free the slot that matters least: an inactive key, else the older one.
  const byAge = [...keys].sort((a, b) =>
    (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0)
  );
  const spare = keys.find((k) => k.Status === "Inactive") ?? byAge[0];
  return new CliError(
    `user ${username} already has ${MAX_ACCESS_KEYS} access keys, the most IAM allows: ` +
      `${described.join(", ")}; nothing was changed. Free a slot with: ` +
      `s3-credentials delete-access-key ${spare.AccessKeyId} --username ${username}`,
  );
}

async function createKey(
  deps: RotateDeps,
  username: string,
  before: string[],
): Promise<AccessKey> {
  const pair = { iam: deps.clients.iam, once: deps.clients.iamSingleAttempt };
  return await settled(
    () => createAccessKeyOnce(pair, username, deps.log, { keysNow: before }),
    () =>
      deps.log(
        `CreateAccessKey got no answer and the keys of user ${username} could not be listed: ` +
          `a key whose secret nobody has may remain (s3-credentials list-access-keys ${username})`,
      ),
  );
}
