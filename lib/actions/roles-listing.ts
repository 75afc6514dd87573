import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  type IAMClient,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  paginateListRoles,
  type Role,
} from "@aws-sdk/client-iam";
import type {
  AttachedPolicy,
  DecodedRole,
  InlinePolicy,
  ListedRole,
} from "../output/account-listings.ts";
import { decodePolicyDocument } from "../policy/policy-document.ts";
import { mapAhead } from "../concurrency.ts";
import { allItemsOf, itemsOf } from "../aws/paginate.ts";

/** IAM's largest page for ListRoles. */
const PAGE_SIZE = 1000;
/** Roles whose details are fetched at the same time (output order is kept). */
const DETAILS_AHEAD = 8;

export interface ListRolesRequest {
  /** Only these roles (in AWS's order, unknown names ignored); all when empty. */
  readonly names: readonly string[];
  /** Add each role's inline and attached policies. */
  readonly details: boolean;
}

/**
 * The account's roles, page by page, `AssumeRolePolicyDocument` decoded;
 * with `details`, each role also gets its inline policies and its attached
 * policies (with their default version).
 */
export function listRoles(iam: IAMClient, request: ListRolesRequest): AsyncGenerator<ListedRole> {
  const wanted = new Set(request.names);
  const roles = itemsOf(
    paginateListRoles({ client: iam, pageSize: PAGE_SIZE }, {}),
    (page) =>
      page.Roles?.filter((role) => wanted.size === 0 || wanted.has(role.RoleName!))
        .map((role) => ({ role: decoded(role) })),
  );
  if (!request.details) return roles;
  return mapAhead(roles, DETAILS_AHEAD, async ({ role }) => {
    const name = role.RoleName as string;
    const [inlines, attached] = await Promise.all([
      inlinePolicies(iam, name),
      attachedPolicies(iam, name),
    ]);
    return { role, details: { inlinePolicies: inlines, attachedPolicies: attached } };
  });
}

function decoded(role: Role): DecodedRole {
  const document = role.AssumeRolePolicyDocument;
  return { ...role, AssumeRolePolicyDocument: document && decodePolicyDocument(document) };
}

/** GetRolePolicy for each inline policy: `{RoleName, PolicyName, PolicyDocument}`. */
async function inlinePolicies(iam: IAMClient, roleName: string): Promise<InlinePolicy[]> {
  const names = await allItemsOf(
    paginateListRolePolicies({ client: iam }, { RoleName: roleName }),
    (page) => page.PolicyNames,
  );
  return await Promise.all(names.map(async (policyName) => {
    const response = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
    );
    return {
      RoleName: response.RoleName,
      PolicyName: response.PolicyName,
      PolicyDocument: decodePolicyDocument(response.PolicyDocument ?? ""),
    };
  }));
}

/** GetPolicy for each attached managed policy, plus its default version as `PolicyVersion`. */
async function attachedPolicies(iam: IAMClient, roleName: string): Promise<AttachedPolicy[]> {
  const attached = await allItemsOf(
    paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName }),
    (page) => page.AttachedPolicies,
  );
  return await Promise.all(attached.map(async ({ PolicyArn }) => {
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }));
    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn, VersionId: Policy?.DefaultVersionId }),
    );
    const document = PolicyVersion?.Document;
    return {
      ...Policy,
      PolicyVersion: { ...PolicyVersion, Document: document && decodePolicyDocument(document) },
    };
  }));
}
