import type { IAMClient } from "@aws-sdk/client-iam";
import {
  type CleanupCriteria,
  expiredReason,
  hasToolTags,
  type KeyActivity,
  unusedReason,
} from "../policy/cleanup.ts";
import { keysWithLastUse, type LastUseLookup, warnOnceIfDenied } from "./access-keys-listing.ts";
import { deleteUser } from "./delete-user.ts";
import { describeError } from "../error-line.ts";
import { toolUsers } from "./tool-users.ts";

/** A user `cleanup` would delete, and why. */
export interface CleanupCandidate {
  readonly username: string;
  readonly reason: string;
}

/**
 * When each access key of `username` was created and last used; undefined
 * when the user was deleted since it was listed. A key whose last use may
 * not be read has no dates (so its user is kept); a key deleted since is left out.
 */
async function keyActivity(
  iam: IAMClient,
  username: string,
  noteLookup: (lookup: LastUseLookup) => void,
): Promise<KeyActivity[] | undefined> {
  const keys = await keysWithLastUse(iam, username, noteLookup);
  return keys?.map(({ key, lookup }) =>
    lookup.kind === "denied" ? {} : { created: key.CreateDate, lastUsed: lookup.lastUse.date }
  );
}

/**
 * The users this tool made (and tagged) that meet `criteria` at `now`, in
 * IAM's order. Users without the tool's tags are never candidates, nor
 * users deleted while this runs. When the last use of keys may not be read,
 * their users are kept and `warn` is told once.
 */
export async function* cleanupCandidates(
  iam: IAMClient,
  criteria: CleanupCriteria,
  now: Date,
  warn: (line: string) => void = () => {},
): AsyncGenerator<CleanupCandidate> {
  const noteLookup = warnOnceIfDenied(
    warn,
    (reason) =>
      `warning: when access keys were last used could not be read (${reason}): ` +
      "users with such keys are kept",
  );
  for await (const user of toolUsers(iam)) {
    if (!hasToolTags(user.tags)) continue;
    let reason = criteria.expired ? expiredReason(user.tags, now) : undefined;
    if (reason === undefined && criteria.unusedDays !== undefined) {
      const keys = await keyActivity(iam, user.UserName, noteLookup);
      if (keys === undefined) continue;
      reason = unusedReason(keys, user.CreateDate, criteria.unusedDays, now);
    }
    if (reason !== undefined) yield { username: user.UserName, reason };
  }
}

/**
 * Deletes each user as delete-user does; a user that fails does not stop
 * the others. Returns how many were deleted (a user already gone is not
 * counted) and one `NAME (why)` entry per user that could not be.
 */
export async function deleteUsers(
  iam: IAMClient,
  usernames: readonly string[],
  log: (line: string) => void,
): Promise<{ deleted: number; failures: string[] }> {
  let deleted = 0;
  const failures: string[] = [];
  for (const username of usernames) {
    try {
      if (await deleteUser(iam, username, log) === "deleted") deleted++;
    } catch (error) {
      failures.push(`${username} (${describeError(error)})`);
    }
  }
  return { deleted, failures };
}
