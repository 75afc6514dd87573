// list-user-policies: the reference's text layout (`User: NAME`, then each policy's name and
// document) and the events behind it (an unknown user is reported without a "User:" line first).
import assert from "node:assert/strict";
import {
  GetUserPolicyCommand,
  IAMClient,
  ListUserPoliciesCommand,
  ListUsersCommand,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { type UserPolicyEvent, userPolicyEvents } from "../../lib/actions/users-listing.ts";
import { policyText, userHeading } from "../../lib/output/user-policies.ts";
import { accessDenied } from "../support/aws_mocks.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

Deno.test("the text layout: User line, PolicyName line, 4-space JSON document", () => {
  const document = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::bk1/*"] }],
  };
  assert.equal(
    userHeading("s3.read-only.bk1") + policyText("s3.read-only.bk1", document),
    `User: s3.read-only.bk1
PolicyName: s3.read-only.bk1
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:GetObject"
            ],
            "Resource": [
                "arn:aws:s3:::bk1/*"
            ]
        }
    ]
}
`,
  );
});

Deno.test("a document that is not JSON prints as a JSON string; non-ASCII is escaped", () => {
  assert.equal(policyText("p", "not json"), 'PolicyName: p\n"not json"\n');
  assert.equal(policyText("p", { Sid: "café" }), 'PolicyName: p\n{\n    "Sid": "caf\\u00e9"\n}\n');
});

function setup() {
  const iam = new IAMClient({
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  const mock = mockClient(iam);
  mock.on(ListUserPoliciesCommand).resolves({ PolicyNames: [] });
  mock.on(GetUserPolicyCommand).callsFake((input: { UserName: string; PolicyName: string }) => ({
    PolicyName: input.PolicyName,
    UserName: input.UserName,
    PolicyDocument: encodeURIComponent(`{"Sid":"${input.PolicyName}"}`),
  }));
  return { iam, mock };
}

async function events(iam: IAMClient, usernames: string[]): Promise<UserPolicyEvent[]> {
  const all = [];
  for await (const event of userPolicyEvents(iam, usernames)) all.push(event);
  return all;
}

Deno.test("named users in the given order; each user's policies decoded, in order", async () => {
  const { iam, mock } = setup();
  mock.on(ListUserPoliciesCommand, { UserName: "bob" }).resolvesOnce({
    PolicyNames: ["p1", "p2"],
    IsTruncated: true,
    Marker: "m",
  }).resolves({ PolicyNames: ["p3"] });
  assert.deepEqual(await events(iam, ["bob", "carol"]), [
    { kind: "user", username: "bob" },
    ...["p1", "p2", "p3"].map((name) => ({
      kind: "policy",
      policy: { UserName: "bob", PolicyName: name, PolicyDocument: { Sid: name } },
    })),
    { kind: "user", username: "carol" },
  ]);
  assert.equal(mock.commandCalls(ListUsersCommand).length, 0, "named users need no ListUsers");
});

Deno.test("no names: every user of every ListUsers page", async () => {
  const { iam, mock } = setup();
  mock.on(ListUsersCommand).resolvesOnce({
    Users: [{ UserName: "a" } as never],
    IsTruncated: true,
    Marker: "m",
  }).resolves({ Users: [{ UserName: "b" } as never] });
  const users = (await events(iam, [])).filter((e) => e.kind === "user");
  assert.deepEqual(users, [{ kind: "user", username: "a" }, { kind: "user", username: "b" }]);
});

Deno.test("an unknown user is one missing event, and the next user still comes", async () => {
  const { iam, mock } = setup();
  mock.on(ListUserPoliciesCommand, { UserName: "ghost" }).rejects(
    new NoSuchEntityException({
      message: "The user with name ghost cannot be found.",
      $metadata: { httpStatusCode: 404 },
    }),
  );
  assert.deepEqual(await events(iam, ["ghost", "bob"]), [
    { kind: "missing", username: "ghost" },
    { kind: "user", username: "bob" },
  ]);
});

Deno.test("access denied is not taken for a missing user", async () => {
  const { iam, mock } = setup();
  mock.on(ListUserPoliciesCommand).rejects(accessDenied("not authorized"));
  await assert.rejects(events(iam, ["bob"]), (e: Error) => e.name === "AccessDenied");
});
