import {
  type AccessKeyMetadata,
  GetAccessKeyLastUsedCommand,
  type IAMClient,
  paginateListAccessKeys,
} from "@aws-sdk/client-iam";
import { mapAhead } from "../concurrency.ts";
import { BUCKETS_TAG, CONDITIONS_TAG, PERMISSION_TAG } from "../policy/tags.ts";
import { isAwsError, isNoSuchEntity } from "../aws/service-errors.ts";
import { describeError } from "../error-line.ts";
import { allItemsOf } from "../aws/paginate.ts";
import { type TaggedUser, toolUsers, userTags } from "./tool-users.ts";

/** Users whose keys are fetched at once. */
const USERS_IN_FLIGHT = 8;

/** One access key as `list-access-keys` prints it (a type alias: rows are plain records). */
export type AccessKeyRow = {
  UserName: string;
  AccessKeyId?: string;
  Status?: string;
  CreateDate: Date | null;
  LastUsedDate: Date | null;
  LastUsedService: string | null;
  LastUsedRegion: string | null;
  Permission: string | null;
  Buckets: string | null;
  /** Where the keys work from (`--source-ip`, `--vpc-endpoint`, `--require-tls`); null: anywhere. */
  Conditions: string | null;
};

/** What `list-access-keys` reports, user by user. */
export type AccessKeyEvent =
  | { kind: "key"; row: AccessKeyRow }
  /** IAM has no user of that name. */
  | { kind: "missing"; username: string };

/** Where a key was last used; IAM says `N/A` for never, printed as null. */
export interface KeyLastUse {
  readonly date?: Date;
  readonly service?: string;
  readonly region?: string;
}

/** GetAccessKeyLastUsed: the key's user and its last use. */
export async function keyLastUse(
  iam: IAMClient,
  keyId: string,
): Promise<{ username?: string; lastUse: KeyLastUse }> {
  const { UserName, AccessKeyLastUsed: used } = await iam.send(
    new GetAccessKeyLastUsedCommand({ AccessKeyId: keyId }),
  );
  const known = (value?: string) => value && value !== "N/A" ? value : undefined;
  return {
    username: UserName,
    lastUse: {
      date: used?.LastUsedDate,
      service: known(used?.ServiceName),
      region: known(used?.Region),
    },
  };
}

/** What GetAccessKeyLastUsed told of a key. */
export type LastUseLookup =
  | { kind: "known"; lastUse: KeyLastUse }
  /** The key was deleted since it was listed. */
  | { kind: "gone" }
  /** The caller may not ask (AccessDenied). */
  | { kind: "denied"; error: unknown };

/** keyLastUse's last use, or why there is none to tell. */
export async function lookUpLastUse(iam: IAMClient, keyId: string): Promise<LastUseLookup> {
  try {
    return { kind: "known", lastUse: (await keyLastUse(iam, keyId)).lastUse };
  } catch (error) {
    if (isNoSuchEntity(error)) return { kind: "gone" };
    if (isAwsError(error, "AccessDenied", "AccessDeniedException")) {
      return { kind: "denied", error };
    }
    throw error;
  }
}

/**
 * Calls `warn` with `line(reason)`, the reason being the denial described,
 * for the first denied lookup it is given, and never again: one warning a
 * run, not one a key.
 */
export function warnOnceIfDenied(
  warn: (line: string) => void,
  line: (reason: string) => string,
): (lookup: LastUseLookup) => void {
  let warned = false;
  return (lookup) => {
    if (lookup.kind !== "denied" || warned) return;
    warned = true;
    warn(line(describeError(lookup.error)));
  };
}

/** The access keys of `username`, oldest first as IAM lists them. */
export function accessKeysOf(iam: IAMClient, username: string): Promise<AccessKeyMetadata[]> {
  return allItemsOf(
    paginateListAccessKeys({ client: iam }, { UserName: username }),
    (page) => page.AccessKeyMetadata,
  );
}

/** A key with what GetAccessKeyLastUsed told of it. */
export interface KeyWithLastUse {
  readonly key: AccessKeyMetadata;
  readonly lookup: Exclude<LastUseLookup, { kind: "gone" }>;
}

/**
 * The keys of `username` with their last use, each lookup shown to
 * `noteLookup`; undefined when the user was deleted since it was listed. A key
 * deleted since it was listed is left out, as if listed a moment later.
 */
export async function keysWithLastUse(
  iam: IAMClient,
  username: string,
  noteLookup: (lookup: LastUseLookup) => void,
): Promise<KeyWithLastUse[] | undefined> {
  let keys: AccessKeyMetadata[];
  try {
    keys = await accessKeysOf(iam, username);
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
  const lookups = await Promise.all(keys.map((key) => lookUpLastUse(iam, key.AccessKeyId!)));
  lookups.forEach(noteLookup);
  return keys.flatMap((key, i) => {
    const lookup = lookups[i];
    return lookup.kind === "gone" ? [] : [{ key, lookup }];
  });
}

/** The rows of `user`'s keys; undefined when the user was deleted since it was found. */
async function userRows(
  iam: IAMClient,
  user: TaggedUser,
  noteLookup: (lookup: LastUseLookup) => void,
): Promise<AccessKeyRow[] | undefined> {
  const keys = await keysWithLastUse(iam, user.UserName, noteLookup);
  return keys?.map(({ key, lookup }) => {
    const lastUse = lookup.kind === "known" ? lookup.lastUse : {};
    return {
      UserName: user.UserName,
      AccessKeyId: key.AccessKeyId,
      Status: key.Status,
      CreateDate: key.CreateDate ?? null,
      LastUsedDate: lastUse.date ?? null,
      LastUsedService: lastUse.service ?? null,
      LastUsedRegion: lastUse.region ?? null,
      Permission: user.tags[PERMISSION_TAG] ?? null,
      Buckets: user.tags[BUCKETS_TAG] ?? null,
      Conditions: user.tags[CONDITIONS_TAG] ?? null,
    };
  });
}

async function* namedUsers(
  iam: IAMClient,
  usernames: readonly string[],
): AsyncGenerator<TaggedUser | { missing: string }> {
  yield* mapAhead(toAsync(usernames), USERS_IN_FLIGHT, async (username) => {
    try {
      return { UserName: username, tags: await userTags(iam, username) };
    } catch (error) {
      if (isNoSuchEntity(error)) return { missing: username };
      throw error;
    }
  });
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

/**
 * One row a key of `usernames`, or when none are named of every user this
 * tool made (every user with `all`), in user order; requests for several
 * users overlap. Unknown named users come as `missing` events; a listed
 * user deleted meanwhile is left out. When GetAccessKeyLastUsed is denied,
 * the last-use fields are null and `warn` is told once.
 */
export async function* accessKeyEvents(
  iam: IAMClient,
  usernames: readonly string[],
  options: { all?: boolean; warn?: (line: string) => void } = {},
): AsyncGenerator<AccessKeyEvent> {
  const named = usernames.length > 0;
  const users = named ? namedUsers(iam, usernames) : toolUsers(iam, options);
  const noteLookup = warnOnceIfDenied(
    options.warn ?? (() => {}),
    (reason) =>
      `warning: when access keys were last used could not be read (${reason}): ` +
      "their LastUsedDate, LastUsedService and LastUsedRegion are null",
  );
  const rows = mapAhead(users, USERS_IN_FLIGHT, async (user) => {
    if ("missing" in user) return user;
    return await userRows(iam, user, noteLookup) ??
      (named ? { missing: user.UserName } : []);
  });
  for await (const result of rows) {
    if ("missing" in result) yield { kind: "missing", username: result.missing };
    else for (const row of result) yield { kind: "key", row };
  }
}
