import {
  type AccessKeyMetadata,
  GetAccessKeyLastUsedCommand,
  type IAMClient,
  paginateListAccessKeys,
} from "@aws-sdk/client-iam";
import { mapAhead } from "../concurrency.ts";
import { BUCKETS_TAG, PERMISSION_TAG } from "../policy/tags.ts";
import { isAwsError } from "./clients.ts";
import { allItemsOf } from "./paginate.ts";
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

/** The access keys of `username`, oldest first as IAM lists them. */
export function accessKeysOf(iam: IAMClient, username: string): Promise<AccessKeyMetadata[]> {
  return allItemsOf(
    paginateListAccessKeys({ client: iam }, { UserName: username }),
    (page) => page.AccessKeyMetadata,
  );
}

async function userRows(iam: IAMClient, user: TaggedUser): Promise<AccessKeyRow[]> {
  const keys = await accessKeysOf(iam, user.UserName);
  const uses = await Promise.all(keys.map((key) => keyLastUse(iam, key.AccessKeyId!)));
  return keys.map((key, i) => ({
    UserName: user.UserName,
    AccessKeyId: key.AccessKeyId,
    Status: key.Status,
    CreateDate: key.CreateDate ?? null,
    LastUsedDate: uses[i].lastUse.date ?? null,
    LastUsedService: uses[i].lastUse.service ?? null,
    LastUsedRegion: uses[i].lastUse.region ?? null,
    Permission: user.tags[PERMISSION_TAG] ?? null,
    Buckets: user.tags[BUCKETS_TAG] ?? null,
  }));
}

async function* namedUsers(
  iam: IAMClient,
  usernames: readonly string[],
): AsyncGenerator<TaggedUser | { missing: string }> {
  yield* mapAhead(toAsync(usernames), USERS_IN_FLIGHT, async (username) => {
    try {
      return { UserName: username, tags: await userTags(iam, username) };
    } catch (error) {
      if (isAwsError(error, "NoSuchEntityException", "NoSuchEntity")) return { missing: username };
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
 * users overlap. Unknown named users come as `missing` events.
 */
export async function* accessKeyEvents(
  iam: IAMClient,
  usernames: readonly string[],
  options: { all?: boolean } = {},
): AsyncGenerator<AccessKeyEvent> {
  const users = usernames.length > 0 ? namedUsers(iam, usernames) : toolUsers(iam, options);
  const rows = mapAhead(
    users,
    USERS_IN_FLIGHT,
    async (user) => "missing" in user ? user : await userRows(iam, user),
  );
  for await (const result of rows) {
    if ("missing" in result) yield { kind: "missing", username: result.missing };
    else for (const row of result) yield { kind: "key", row };
  }
}
