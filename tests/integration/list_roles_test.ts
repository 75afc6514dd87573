// list-roles against the moto emulator.
import assert from "node:assert/strict";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  IAMClient,
  ListRolesCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { formatTimestamp } from "../../lib/output/time.ts";
import {
  assertOneErrorLine,
  cliAgainst,
  clientOptions,
  enforceWithPowerlessUser,
} from "../support/account_commands.ts";
import { startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const TRUST = {
  Version: "2012-10-17",
  Statement: [{
    Effect: "Allow",
    Principal: { Service: "ec2.amazonaws.com" },
    Action: "sts:AssumeRole",
  }],
};
const INLINE = {
  Version: "2012-10-17",
  Statement: [{ Sid: "Logs", Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: "*" }],
};
const V1 = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }],
};
const V2 = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
};

/** A listing's JSON array: JSON.stringify is a fair oracle for ASCII-only items. */
function jsonArray(items: unknown[]): string {
  if (items.length === 0) return "[]\n";
  return "[\n" + items.map((item) => "  " + JSON.stringify(item, null, 2).replaceAll("\n", "\n  "))
    .join(",\n") +
    "\n]\n";
}

Deno.test("list-roles against the emulator", async (t) => {
  const moto = await startMoto();
  const cli = cliAgainst(moto);
  const iam = new IAMClient(clientOptions(moto));
  try {
    await iam.send(
      new CreateRoleCommand({
        RoleName: "app-role",
        AssumeRolePolicyDocument: JSON.stringify(TRUST),
        Description: "An application's role",
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: "app-role",
        PolicyName: "logs",
        PolicyDocument: JSON.stringify(INLINE),
      }),
    );
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: "bucket-reader", PolicyDocument: JSON.stringify(V1) }),
    );
    await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: Policy!.Arn,
        PolicyDocument: JSON.stringify(V2),
        SetAsDefault: true,
      }),
    );
    await iam.send(new AttachRolePolicyCommand({ RoleName: "app-role", PolicyArn: Policy!.Arn }));
    await iam.send(
      new CreateRoleCommand({
        RoleName: "other-role",
        AssumeRolePolicyDocument: JSON.stringify(TRUST),
      }),
    );
    const { Role: role } = await iam.send(new GetRoleCommand({ RoleName: "app-role" }));
    const roleJson = {
      Path: "/",
      RoleName: "app-role",
      RoleId: role!.RoleId,
      Arn: "arn:aws:iam::123456789012:role/app-role",
      CreateDate: formatTimestamp(role!.CreateDate!),
      AssumeRolePolicyDocument: TRUST,
      Description: "An application's role",
      MaxSessionDuration: 3600,
    };

    await t.step("every role, in AWS's order, documents decoded", async () => {
      const result = await cli("list-roles");
      assert.equal(result.code, 0, result.stderr);
      const { Roles } = await iam.send(new ListRolesCommand({}));
      const listed = JSON.parse(result.stdout) as { RoleName: string }[];
      assert.deepEqual(listed.map((r) => r.RoleName), Roles!.map((r) => r.RoleName));
      assert.ok(result.stdout.includes(JSON.stringify(roleJson, null, 2).replaceAll("\n", "\n  ")));
    });

    await t.step("named roles only; --details adds inline and attached policies", async () => {
      const current = await iam.send(new GetPolicyCommand({ PolicyArn: Policy!.Arn }));
      const policy = current.Policy!;
      const result = await cli("list-roles", "app-role", "no-such-role", "--details");
      assert.equal(result.code, 0, result.stderr);
      const { PolicyVersion: version } = await iam.send(
        new GetPolicyVersionCommand({ PolicyArn: Policy!.Arn, VersionId: "v2" }),
      );
      // Members the emulator leaves out are left out (undefined: JSON.stringify drops them).
      const expected = {
        ...roleJson,
        inline_policies: [{ RoleName: "app-role", PolicyName: "logs", PolicyDocument: INLINE }],
        attached_policies: [{
          PolicyName: "bucket-reader",
          PolicyId: policy.PolicyId,
          Arn: policy.Arn,
          Path: "/",
          DefaultVersionId: "v2",
          AttachmentCount: 1,
          PermissionsBoundaryUsageCount: policy.PermissionsBoundaryUsageCount,
          IsAttachable: true,
          Description: policy.Description,
          CreateDate: formatTimestamp(policy.CreateDate!),
          UpdateDate: formatTimestamp(policy.UpdateDate!),
          Tags: policy.Tags,
          PolicyVersion: {
            Document: V2,
            VersionId: "v2",
            IsDefaultVersion: true,
            CreateDate: formatTimestamp(version!.CreateDate!),
          },
        }],
      };
      assert.equal(result.stdout, jsonArray([expected]));
    });

    await t.step("--details --csv: the extra columns hold 2-space JSON", async () => {
      const result = await cli("list-roles", "app-role", "--details", "--csv");
      assert.equal(result.code, 0, result.stderr);
      const [header] = result.stdout.split("\r\n");
      assert.equal(
        header,
        "Path,RoleName,RoleId,Arn,CreateDate,AssumeRolePolicyDocument,Description," +
          "MaxSessionDuration,PermissionsBoundary,Tags,RoleLastUsed,inline_policies,attached_policies",
      );
      assert.ok(
        result.stdout.includes(
          ',"[\n  {\n    ""RoleName"": ""app-role"",\n    ""PolicyName"": ""logs"",\n',
        ),
        result.stdout,
      );
      assert.ok(result.stdout.endsWith(']"\r\n'));
      assert.equal(result.stdout.split("\r\n").length, 3, "header, one row, end");
    });

    await t.step("--nl: one compact object per role", async () => {
      const result = await cli("list-roles", "other-role", "--nl");
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stdout,
        /^\{"Path": "\/", "RoleName": "other-role", "RoleId": "\w+", "Arn": "arn:aws:iam::123456789012:role\/other-role", "CreateDate": "[^"]+", "AssumeRolePolicyDocument": \{"Version": "2012-10-17", "Statement": \[\{"Effect": "Allow", "Principal": \{"Service": "ec2.amazonaws.com"\}, "Action": "sts:AssumeRole"\}\]\}, "MaxSessionDuration": 3600\}\n$/,
      );
    });

    await t.step("a caller without iam:ListRoles: one error line", async () => {
      const { env } = await enforceWithPowerlessUser(moto);
      assertOneErrorLine(
        await cliAgainst(moto, env)("list-roles", "--details"),
        /\(AccessDenied\) when calling the ListRoles operation/,
      );
    });
  } finally {
    iam.destroy();
    await moto.stop();
  }
});
