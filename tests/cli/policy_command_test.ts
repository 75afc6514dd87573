import assert from "node:assert/strict";
import { runCli } from "../support/cli.ts";
import { expectedPublicPolicy, PREFIX_POLICY_EXAMPLE } from "../support/fixtures.ts";

interface Statement {
  Effect: string;
  Action: string[];
  Resource: string[];
  Sid?: string;
}

function statementsOf(stdout: string): Statement[] {
  return (JSON.parse(stdout) as { Statement: Statement[] }).Statement;
}

Deno.test("policy: documented outputs, byte for byte", async (t) => {
  const [prefixed, publicBucket] = await Promise.all([
    runCli(["policy", "my-s3-bucket", "--prefix", "my-prefix/"]),
    runCli(["policy", "bkt", "--public-bucket"]),
  ]);
  await t.step("--prefix my-prefix/", () => {
    assert.equal(prefixed.stderr, "");
    assert.equal(prefixed.code, 0);
    assert.equal(prefixed.stdout, PREFIX_POLICY_EXAMPLE + "\n");
  });
  await t.step("--public-bucket", () => {
    assert.equal(publicBucket.stderr, "");
    assert.equal(publicBucket.code, 0);
    assert.equal(publicBucket.stdout, expectedPublicPolicy("bkt") + "\n");
  });
});

Deno.test("policy: permissions, buckets and statements in order", async (t) => {
  const first = { Effect: "Deny", Action: "s3:*", Resource: "*", Sid: "First" };
  const second = { Sid: "Second", Resource: ["arn:aws:s3:::x"], Effect: "Allow", Action: ["a"] };
  const [readOnly, writeOnly, statements] = await Promise.all([
    runCli(["policy", "bkt", "--read-only"]),
    runCli(["policy", "bkt", "--write-only"]),
    runCli([
      "policy",
      "bkt-one",
      "--statement",
      JSON.stringify(first),
      "bkt-two",
      "--statement",
      JSON.stringify(second),
    ]),
  ]);
  await t.step("--read-only has no write actions", () => {
    assert.equal(readOnly.code, 0, readOnly.stderr);
    const actions = statementsOf(readOnly.stdout).flatMap((s) => s.Action);
    assert.ok(actions.includes("s3:GetObject"));
    assert.ok(actions.includes("s3:ListBucket"));
    assert.ok(!actions.includes("s3:PutObject"));
    assert.ok(!actions.includes("s3:DeleteObject"));
  });
  await t.step("--write-only is a single PutObject statement", () => {
    assert.equal(writeOnly.code, 0, writeOnly.stderr);
    assert.deepEqual(statementsOf(writeOnly.stdout), [
      { Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::bkt/*"] },
    ]);
  });
  await t.step("buckets in order, then --statement values as given", () => {
    assert.equal(statements.code, 0, statements.stderr);
    const all = statementsOf(statements.stdout);
    const resources = all.flatMap((s) => s.Resource).join(" ");
    assert.ok(resources.indexOf("bkt-one") < resources.indexOf("bkt-two"));
    assert.deepEqual(all.slice(-2), [first, second]);
    // Their own key order is kept.
    assert.ok(statements.stdout.includes(
      '"Sid": "Second",\n            "Resource": [\n                "arn:aws:s3:::x"',
    ));
  });
});

Deno.test("policy: needs no AWS configuration, no network, no file access", async () => {
  const noPermissions = { awsEnv: false, permissions: ["--no-prompt"] };
  const [result, contrast] = await Promise.all([
    runCli(["policy", "bkt", "--read-only"], noPermissions),
    // The same sandbox does stop a command that would use the SDK.
    runCli(["create", "bkt"], noPermissions),
  ]);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  assert.equal(statementsOf(result.stdout).length, 2);
  assert.equal(contrast.code, 1);
  assert.equal(contrast.stdout, "");
});
