// `create --dry-run` prints the plan on stdout, builds no client and needs no credentials.
import assert from "node:assert/strict";
import { linesOf, runCli } from "../support/cli.ts";

// No AWS variables at all, no network, no permission at all: any AWS call
// would fail.
const sandbox = { awsEnv: false, permissions: ["--no-prompt"] };

Deno.test("create --dry-run --tag: the tags of the bucket and the user", async () => {
  const result = await runCli(
    ["create", "bkt", "--dry-run", "--tag", "team=data", "--tag", "cost centre="],
    sandbox,
  );
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  const lines = linesOf(result.stdout);
  assert.deepEqual(lines.slice(0, 2), [
    "Would create bucket: 'bkt'",
    '... with tags: {"team": "data", "cost centre": ""}',
  ]);
  assert.equal(
    lines[3],
    '... with tags: {"s3-credentials:permission": "read-write", "s3-credentials:buckets": ' +
      '"bkt", "team": "data", "cost centre": ""}',
  );
});

Deno.test("create --dry-run: permanent credentials plan without credentials", async () => {
  const result = await runCli(["create", "bkt", "--dry-run"], sandbox);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  assert.ok(result.stdout.startsWith("Would create bucket: 'bkt'\n"), result.stdout);
  const lines = linesOf(result.stdout);
  assert.ok(
    lines.includes(
      "Would create user: 's3.read-write.bkt' with permissions boundary: " +
        "'arn:aws:iam::aws:policy/AmazonS3FullAccess'",
    ),
  );
  assert.ok(
    lines.includes(
      "Would attach policy called 's3.read-write.bkt' to user 's3.read-write.bkt', details:",
    ),
  );
  assert.equal(lines.at(-1), "Would call create access key for user 's3.read-write.bkt'");
});

Deno.test("create --dry-run: variants", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "s3c-dry-" });
  try {
    const policyFile = `${dir}/policy.json`;
    await Deno.writeTextFile(
      policyFile,
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Action: ["s3:GetObject"],
          Resource: ["arn:aws:s3:::$!BUCKET_NAME!$/*"],
        }],
      }),
    );
    const [temporary, silent, custom] = await Promise.all([
      runCli(["create", "bkt", "-d", "15m", "--dry-run", "--read-only"], sandbox),
      runCli(["create", "bkt", "--dry-run", "--silent"], sandbox),
      runCli(["create", "bkt-one", "bkt-two", "--policy", policyFile, "--dry-run"], {
        awsEnv: false,
        permissions: ["--no-prompt", `--allow-read=${dir}`],
      }),
    ]);

    await t.step("-d 15m: role and session policy instead of a user", () => {
      assert.equal(temporary.stderr, "");
      assert.equal(temporary.code, 0);
      const lines = linesOf(temporary.stdout);
      assert.deepEqual(lines.slice(0, 4), [
        "Would create bucket: 'bkt'",
        "Would ensure role: 's3-credentials.AmazonS3FullAccess'",
        '... if this run creates it, with tags: {"s3-credentials:permission": "read-only", ' +
        '"s3-credentials:buckets": "bkt"}',
        "Would assume role using following policy for 900 seconds:",
      ]);
      const policy = JSON.parse(lines.slice(4).join("\n"));
      assert.equal(policy.Version, "2012-10-17");
      assert.ok(!temporary.stdout.includes("s3:PutObject"), "read-only policy");
      assert.ok(!temporary.stdout.includes("Would create user"));
    });

    await t.step("--silent does not hide the plan", () => {
      assert.equal(silent.stderr, "");
      assert.equal(silent.code, 0);
      assert.ok(silent.stdout.startsWith("Would create bucket: 'bkt'\n"));
      assert.ok(
        silent.stdout.includes("Would call create access key for user 's3.read-write.bkt'"),
      );
    });

    await t.step("--policy file: $!BUCKET_NAME!$ replaced per bucket", () => {
      assert.equal(custom.stderr, "");
      assert.equal(custom.code, 0);
      const out = custom.stdout;
      assert.ok(!out.includes("$!BUCKET_NAME!$"));
      assert.ok(out.includes('"arn:aws:s3:::bkt-one/*"'));
      assert.ok(out.includes('"arn:aws:s3:::bkt-two/*"'));
      // A custom policy means no default boundary.
      assert.ok(linesOf(out).includes("Would create user: 's3.custom.bkt-one,bkt-two'"));
      const one = out.indexOf("Would attach policy called 's3.custom.bkt-one'");
      const two = out.indexOf("Would attach policy called 's3.custom.bkt-two'");
      assert.ok(one >= 0 && two > one);
      assert.ok(out.indexOf("bkt-one/*") > one && out.indexOf("bkt-one/*") < two);
      assert.ok(out.indexOf("bkt-two/*") > two);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
