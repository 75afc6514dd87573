import {
  GetUserPolicyCommand,
  type IAMClient,
  paginateListUserPolicies,
  paginateListUsers,
  type User,
} from "@aws-sdk/client-iam";
import type { InlinePolicy } from "../output/account-listings.ts";
import { decodePolicyDocument } from "../policy/policy-document.ts";
import { isNoSuchEntity } from "../aws/service-errors.ts";
import { itemsOf } from "../aws/paginate.ts";

/** IAM's largest page: fewer round trips for big accounts, memory still bounded. */
const PAGE_SIZE = 1000;

/** Every IAM user of the account, page by page. */
export function listUsers(iam: IAMClient): AsyncGenerator<User> {
  return itemsOf(paginateListUsers({ client: iam, pageSize: PAGE_SIZE }, {}), (page) => page.Users);
}

/** What `list-user-policies` reports, in order. */
export type UserPolicyEvent =
  /** The user exists; its policies follow. */
  | { kind: "user"; username: string }
  /** One inline policy: `{UserName, PolicyName, PolicyDocument}` (document decoded). */
  | { kind: "policy"; policy: InlinePolicy }
  /** IAM has no user of that name. */
  | { kind: "missing"; username: string };

/**
 * The inline policies of `usernames` (every user of the account when
 * empty), user by user. A user is announced only once IAM has answered for
 * it, so an unknown user yields a single `missing` event and nothing else.
 */
export async function* userPolicyEvents(
  iam: IAMClient,
  usernames: readonly string[],
): AsyncGenerator<UserPolicyEvent> {
  const names = usernames.length > 0 ? usernames : itemsOf(
    paginateListUsers({ client: iam, pageSize: PAGE_SIZE }, {}),
    (page) => page.Users?.map((user) => user.UserName!),
  );
  for await (const username of names) {
    const pages = paginateListUserPolicies({ client: iam }, { UserName: username });
    let announced = false;
    try {
      for await (const page of pages) {
        if (!announced) {
          announced = true;
          yield { kind: "user", username };
        }
        // A page names at most 100 policies: fetch them together, print them in order.
        const policies = await Promise.all(
          (page.PolicyNames ?? []).map((name) => userPolicy(iam, username, name)),
        );
        for (const policy of policies) yield { kind: "policy", policy };
      }
    } catch (error) {
      if (announced || !isNoSuchEntity(error)) throw error;
      yield { kind: "missing", username };
    }
  }
}

async function userPolicy(
  iam: IAMClient,
  username: string,
  policyName: string,
): Promise<InlinePolicy> {
  const response = await iam.send(
    new GetUserPolicyCommand({ UserName: username, PolicyName: policyName }),
  );
  return {
    UserName: response.UserName,
    PolicyName: response.PolicyName,
    PolicyDocument: decodePolicyDocument(response.PolicyDocument ?? ""),
  };
}
