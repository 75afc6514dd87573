import { type IAMClient, paginateListUsers, paginateListUserTags } from "@aws-sdk/client-iam";
import { mapAhead } from "../concurrency.ts";
import { isToolUser } from "../policy/tags.ts";
import { isNoSuchEntity } from "../aws/service-errors.ts";
import { allItemsOf, itemsOf } from "../aws/paginate.ts";

/** A user with its tags. */
export interface TaggedUser {
  readonly UserName: string;
  readonly CreateDate?: Date;
  readonly tags: Readonly<Record<string, string>>;
}

/** Requests for tags under way at once. */
const TAG_REQUESTS_IN_FLIGHT = 8;

/** The tags of `username`, as a record. */
export async function userTags(iam: IAMClient, username: string): Promise<Record<string, string>> {
  const tags = await allItemsOf(
    paginateListUserTags({ client: iam }, { UserName: username }),
    (page) => page.Tags,
  );
  return Object.fromEntries(tags.map((tag) => [tag.Key!, tag.Value ?? ""]));
}

/**
 * The account's users with their tags, in IAM's order: those this tool made
 * (see isToolUser), or every user with `all`. Tag requests overlap; a user
 * deleted since ListUsers named it is left out.
 */
export async function* toolUsers(
  iam: IAMClient,
  options: { all?: boolean } = {},
): AsyncGenerator<TaggedUser> {
  const users = itemsOf(
    paginateListUsers({ client: iam, pageSize: 1000 }, {}),
    (page) => page.Users,
  );
  const tagged = mapAhead(users, TAG_REQUESTS_IN_FLIGHT, async (user) => {
    try {
      return {
        UserName: user.UserName!,
        CreateDate: user.CreateDate,
        tags: await userTags(iam, user.UserName!),
      };
    } catch (error) {
      if (isNoSuchEntity(error)) return undefined;
      throw error;
    }
  });
  for await (const user of tagged) {
    if (user && (options.all || isToolUser(user.UserName, user.tags))) yield user;
  }
}
