// Which users `cleanup` deletes, and why: pure decisions over what IAM said.
import { isoSeconds, readExpiryTag } from "./expiry.ts";
import { EXPIRES_TAG, TAG_PREFIX } from "./tags.ts";

/** What `cleanup` was asked to look for (at least one of them). */
export interface CleanupCriteria {
  expired: boolean;
  /** Delete users whose keys were last used (or, never used, created) more than this many days ago. */
  unusedDays?: number;
}

/** An access key's creation and last use, as IAM reports them. */
export interface KeyActivity {
  created?: Date;
  lastUsed?: Date;
}

const DAY_MS = 86_400_000;

/** True when the user carries one of this tool's own tags: the only users cleanup touches. */
export function hasToolTags(tags: Readonly<Record<string, string>>): boolean {
  return Object.keys(tags).some((key) => key.startsWith(TAG_PREFIX));
}

/**
 * `expired at ...` when the user's expiry tag lies before `now`, else
 * undefined; also undefined when the tag is not in the form `create` writes,
 * so a user with an unreadable expiry is kept.
 */
export function expiredReason(
  tags: Readonly<Record<string, string>>,
  now: Date,
): string | undefined {
  const value = tags[EXPIRES_TAG];
  const time = value === undefined ? undefined : readExpiryTag(value);
  if (time === undefined || time.getTime() >= now.getTime()) return undefined;
  return `expired at ${isoSeconds(time)}`;
}

/**
 * `unused since ...` when the latest activity of the user's keys (their last
 * use, or their creation when never used; the user's creation when it has no
 * key) lies more than `days` days before `now`, else undefined.
 */
export function unusedReason(
  keys: readonly KeyActivity[],
  userCreated: Date | undefined,
  days: number,
  now: Date,
): string | undefined {
  const times = keys.map((key) => (key.lastUsed ?? key.created)?.getTime() ?? NaN);
  if (keys.length === 0) times.push(userCreated?.getTime() ?? NaN);
  // Without a date for every key, the user might be in use: keep it.
  if (times.some(Number.isNaN)) return undefined;
  const latest = Math.max(...times);
  if (now.getTime() - latest <= days * DAY_MS) return undefined;
  const used = keys.some((key) => key.lastUsed);
  const what = keys.length === 0
    ? "no access key, created"
    : used
    ? "last used"
    : "never used, created";
  return `${what} ${isoSeconds(new Date(latest))}, more than ${days} days ago`;
}
