import {
  GetAccessKeyLastUsedCommand,
  type IAMClient,
  paginateListAccessKeys,
} from "@aws-sdk/client-iam";
import {
  type CleanupCriteria,
  expiredReason,
  hasToolTags,
  type KeyActivity,
  unusedReason,
} from "../policy/cleanup.ts";
import { deleteUser } from "./delete-user.ts";
import { describeError } from "./describe-error.ts";
import { allItemsOf } from "./paginate.ts";
import { toolUsers } from "./tool-users.ts";

/** A user `cleanup` would delete, and why. */
export interface CleanupCandidate {
  readonly username: string;
  readonly reason: string;
}

/** When each access key of `username` was created and last used. */
async function keyActivity(iam: IAMClient, username: string): Promise<KeyActivity[]> {
  const keys = await allItemsOf(
    paginateListAccessKeys({ client: iam }, { UserName: username }),
    (page) => page.AccessKeyMetadata,
  );
  return await Promise.all(keys.map(async (key) => {
    const { AccessKeyLastUsed } = await iam.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }),
    );
    return { created: key.CreateDate, lastUsed: AccessKeyLastUsed?.LastUsedDate };
  }));
}

/**
 * The users this tool made (and tagged) that meet `criteria` at `now`, in
 * IAM's order. Users without the tool's tags are never candidates.
 */
export async function* cleanupCandidates(
  iam: IAMClient,
  criteria: CleanupCriteria,
  now: Date,
): AsyncGenerator<CleanupCandidate> {
  for await (const user of toolUsers(iam)) {
    if (!hasToolTags(user.tags)) continue;
    let reason = criteria.expired ? expiredReason(user.tags, now) : undefined;
    if (reason === undefined && criteria.unusedDays !== undefined) {
      const keys = await keyActivity(iam, user.UserName);
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
