// list-user-policies against the moto emulator.
import assert from "node:assert/strict";
import { CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import {
  assertOneErrorLine,
  cliAgainst,
  clientOptions,
  enforceWithPowerlessUser,
} from "../support/account_commands.ts";
import { startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const READ = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::bk1/*"] }],
};
// Written in this key order on purpose, with a non-ASCII character and a comma.
const NOTE = {
  Statement: [{ Sid: "Caf\u00e9Notes", Effect: "Deny", Action: "s3:*", Resource: "*" }],
  Version: "2012-10-17",
};

const ALICE_TEXT = `User: alice
PolicyName: notes
{
    "Statement": [
        {
            "Sid": "Caf\\u00e9Notes",
            "Effect": "Deny",
            "Action": "s3:*",
            "Resource": "*"
        }
    ],
    "Version": "2012-10-17"
}
PolicyName: read
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
`;

Deno.test("list-user-policies against the emulator", async (t) => {
  const moto = await startMoto();
  const cli = cliAgainst(moto);
  const iam = new IAMClient(clientOptions(moto));
  try {
    await iam.send(new CreateUserCommand({ UserName: "alice" }));
    await iam.send(new CreateUserCommand({ UserName: "bob" }));
    for (const [name, document] of [["notes", NOTE], ["read", READ]] as const) {
      await iam.send(
        new PutUserPolicyCommand({
          UserName: "alice",
          PolicyName: name,
          PolicyDocument: JSON.stringify(document),
        }),
      );
    }

    await t.step(
      "named users: the reference's text layout, documents in their own order",
      async () => {
        const result = await cli("list-user-policies", "alice", "bob");
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr, "");
        assert.equal(result.stdout, ALICE_TEXT + "User: bob\n");
      },
    );

    await t.step("no names: every user", async () => {
      const result = await cli("list-user-policies");
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, ALICE_TEXT + "User: bob\n");
    });

    await t.step("--nl, --csv and --tsv: one item per policy", async () => {
      const [nl, csv, tsv] = await Promise.all([
        cli("list-user-policies", "--nl", "alice", "bob"),
        cli("list-user-policies", "--csv", "alice"),
        cli("list-user-policies", "--tsv", "bob"),
      ]);
      assert.equal(nl.code, 0, nl.stderr);
      assert.equal(
        nl.stdout,
        '{"UserName": "alice", "PolicyName": "notes", "PolicyDocument": {"Statement": [{"Sid": ' +
          '"Caf\\u00e9Notes", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}], "Version": ' +
          '"2012-10-17"}}\n' +
          '{"UserName": "alice", "PolicyName": "read", "PolicyDocument": {"Version": "2012-10-17", ' +
          '"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ' +
          '["arn:aws:s3:::bk1/*"]}]}}\n',
      );
      assert.equal(csv.code, 0, csv.stderr);
      assert.equal(
        csv.stdout,
        "UserName,PolicyName,PolicyDocument\r\n" +
          'alice,notes,"{\n  ""Statement"": [\n    {\n      ""Sid"": ""Caf\\u00e9Notes"",\n' +
          '      ""Effect"": ""Deny"",\n      ""Action"": ""s3:*"",\n      ""Resource"": ""*""\n' +
          '    }\n  ],\n  ""Version"": ""2012-10-17""\n}"\r\n' +
          'alice,read,"{\n  ""Version"": ""2012-10-17"",\n  ""Statement"": [\n    {\n' +
          '      ""Effect"": ""Allow"",\n      ""Action"": [\n        ""s3:GetObject""\n      ],\n' +
          '      ""Resource"": [\n        ""arn:aws:s3:::bk1/*""\n      ]\n    }\n  ]\n}"\r\n',
      );
      assert.equal(tsv.code, 0, tsv.stderr);
      assert.equal(tsv.stdout, "UserName\tPolicyName\tPolicyDocument\r\n");
    });

    await t.step(
      "an unknown user: one error line, no User: line, the others still listed",
      async () => {
        const result = await cli("list-user-policies", "ghost", "alice", "nobody");
        assertOneErrorLine(result, "users not found: ghost, nobody", ALICE_TEXT);
        const csv = await cli("list-user-policies", "--csv", "ghost");
        assertOneErrorLine(csv, "user not found: ghost", "UserName,PolicyName,PolicyDocument\r\n");
      },
    );

    await t.step("a caller without iam:ListUserPolicies: one error line", async () => {
      const { env } = await enforceWithPowerlessUser(moto);
      assertOneErrorLine(
        await cliAgainst(moto, env)("list-user-policies", "alice"),
        /\(AccessDenied\) when calling the ListUserPolicies operation/,
      );
    });
  } finally {
    iam.destroy();
    await moto.stop();
  }
});
