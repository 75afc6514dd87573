// list-roles, call by call: paging, the name filter, decoded documents and --details.
import assert from "node:assert/strict";
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { listRoles } from "../../lib/actions/roles-listing.ts";
import { ROLE_DETAILS_COLUMNS } from "../../lib/output/columns.ts";
import type { ListedRole } from "../../lib/output/account-listings.ts";
import { roleRow } from "../../lib/output/account-rows.ts";
import { rowsOf, writeListing } from "../../lib/output/listing.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const CREATED = new Date("2020-01-01T00:00:00Z");
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}';
const INLINE =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}';

function role(name: string) {
  // Keys out of order, and one the reference's model did not have.
  return {
    RoleName: name,
    MaxSessionDuration: 3600,
    Arn: `arn:aws:iam::123456789012:role/${name}`,
    AssumeRolePolicyDocument: encodeURIComponent(TRUST),
    RoleId: `AROA${name}`,
    Path: "/",
    CreateDate: CREATED,
    SomethingNew: "x",
  };
}

function setup() {
  const iam = new IAMClient({
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  const mock = mockClient(iam);
  mock.on(ListRolesCommand).resolvesOnce({
    Roles: [role("one"), role("two")],
    IsTruncated: true,
    Marker: "m1",
  }).resolves({ Roles: [role("three")] });
  return { iam, mock };
}

async function render(roles: AsyncIterable<ListedRole>, format: "json" | "csv") {
  let out = "";
  // Shaped as list-roles shapes them.
  await writeListing(rowsOf(roles, roleRow), format, ROLE_DETAILS_COLUMNS, (text) => out += text);
  return out;
}

Deno.test("roles of every page, keys in the reference's order, trust policy decoded", async () => {
  const { iam, mock } = setup();
  const roles = JSON.parse(await render(listRoles(iam, { names: [], details: false }), "json"));
  assert.deepEqual(roles.map((r: { RoleName: string }) => r.RoleName), ["one", "two", "three"]);
  assert.deepEqual(Object.keys(roles[0]), [
    "Path",
    "RoleName",
    "RoleId",
    "Arn",
    "CreateDate",
    "AssumeRolePolicyDocument",
    "MaxSessionDuration",
  ]);
  assert.deepEqual(roles[0].AssumeRolePolicyDocument, JSON.parse(TRUST));
  assert.equal(roles[0].CreateDate, "2020-01-01 00:00:00+00:00");
  const calls = mock.commandCalls(ListRolesCommand).map((c) => c.args[0].input);
  assert.equal(calls[0].MaxItems, 1000);
  assert.equal(calls[1].Marker, "m1");
});

Deno.test("named roles only, in AWS's order; details only for them", async () => {
  const { iam, mock } = setup();
  mock.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
  mock.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
  const out = await render(
    listRoles(iam, { names: ["three", "one", "nope"], details: true }),
    "json",
  );
  const roles = JSON.parse(out);
  assert.deepEqual(roles.map((r: { RoleName: string }) => r.RoleName), ["one", "three"]);
  assert.deepEqual(
    mock.commandCalls(ListRolePoliciesCommand).map((c) => c.args[0].input.RoleName),
    ["one", "three"],
  );
});

Deno.test("--details adds inline policies and attached policies with their default version", async () => {
  const { iam, mock } = setup();
  mock.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
  mock.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
  mock.on(ListRolePoliciesCommand, { RoleName: "two" }).resolves({ PolicyNames: ["deny-s3"] });
  mock.on(GetRolePolicyCommand).resolves({
    PolicyDocument: encodeURIComponent(INLINE),
    PolicyName: "deny-s3",
    RoleName: "two",
  });
  mock.on(ListAttachedRolePoliciesCommand, { RoleName: "two" }).resolves({
    AttachedPolicies: [{ PolicyArn: "arn:aws:iam::aws:policy/P", PolicyName: "P" }],
  });
  mock.on(GetPolicyCommand).resolves({
    Policy: {
      Arn: "arn:aws:iam::aws:policy/P",
      PolicyName: "P",
      DefaultVersionId: "v3",
      CreateDate: CREATED,
      AttachmentCount: 1,
    },
  });
  mock.on(GetPolicyVersionCommand).resolves({
    PolicyVersion: {
      VersionId: "v3",
      Document: encodeURIComponent(INLINE),
      IsDefaultVersion: true,
      CreateDate: CREATED,
    },
  });
  const out = await render(listRoles(iam, { names: ["two"], details: true }), "json");
  assert.equal(
    out,
    `[
  {
    "Path": "/",
    "RoleName": "two",
    "RoleId": "AROAtwo",
    "Arn": "arn:aws:iam::123456789012:role/two",
    "CreateDate": "2020-01-01 00:00:00+00:00",
    "AssumeRolePolicyDocument": {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "sts:AssumeRole"
        }
      ]
    },
    "MaxSessionDuration": 3600,
    "inline_policies": [
      {
        "RoleName": "two",
        "PolicyName": "deny-s3",
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Deny",
              "Action": "s3:*",
              "Resource": "*"
            }
          ]
        }
      }
    ],
    "attached_policies": [
      {
        "PolicyName": "P",
        "Arn": "arn:aws:iam::aws:policy/P",
        "DefaultVersionId": "v3",
        "AttachmentCount": 1,
        "CreateDate": "2020-01-01 00:00:00+00:00",
        "PolicyVersion": {
          "Document": {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Effect": "Deny",
                "Action": "s3:*",
                "Resource": "*"
              }
            ]
          },
          "VersionId": "v3",
          "IsDefaultVersion": true,
          "CreateDate": "2020-01-01 00:00:00+00:00"
        }
      }
    ]
  }
]
`,
  );
  assert.deepEqual(mock.commandCalls(GetPolicyVersionCommand)[0].args[0].input, {
    PolicyArn: "arn:aws:iam::aws:policy/P",
    VersionId: "v3",
  });
  // The first ListRoles page was used up above: the next listing sees "three" only.
  const csv = await render(listRoles(iam, { names: ["three"], details: true }), "csv");
  const [header, row, end] = csv.split("\r\n");
  assert.equal(header, ROLE_DETAILS_COLUMNS.join(","));
  assert.ok(
    row.startsWith(
      '/,three,AROAthree,arn:aws:iam::123456789012:role/three,2020-01-01 00:00:00+00:00,"{\n  ""Version"": ""2012-10-17"",',
    ),
    row,
  );
  assert.ok(row.endsWith('}",,3600,,,,[],[]'), row);
  assert.equal(end, "");
});
