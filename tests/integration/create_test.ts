// create against the moto emulator: real HTTP, XML and IAM/STS/S3 state.
import assert from "node:assert/strict";
import {
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUserPoliciesCommand,
} from "@aws-sdk/client-iam";
import { GetBucketPolicyCommand, GetBucketWebsiteCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { runCli } from "../support/cli.ts";
import { fakeCredentials, type Moto, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const ENV = {
  AWS_ACCESS_KEY_ID: fakeCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: fakeCredentials.secretAccessKey,
  AWS_REGION: "us-east-1",
};

interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

function clientOptions(moto: Moto, credentials: Keys = fakeCredentials) {
  return { endpoint: moto.endpoint, region: "us-east-1", credentials };
}

async function whoami(moto: Moto, credentials: Keys): Promise<string> {
  const sts = new STSClient(clientOptions(moto, credentials));
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn!;
  } finally {
    sts.destroy();
  }
}

Deno.test("create against the emulator", async (t) => {
  const moto = await startMoto();
  const cli = (...args: string[]) =>
    runCli([...args, "--endpoint-url", moto.endpoint], { env: ENV });
  const iam = new IAMClient(clientOptions(moto));
  const s3 = new S3Client({ ...clientOptions(moto), forcePathStyle: true });
  try {
    await t.step("-c creates the bucket and a user whose key works", async () => {
      const result = await cli("create", "new-bucket", "-c");
      assert.equal(result.code, 0, result.stderr);
      assert.equal(
        result.stderr,
        [
          "Created bucket: new-bucket",
          "Created user: 's3.read-write.new-bucket' with permissions boundary: " +
          "'arn:aws:iam::aws:policy/AmazonS3FullAccess'",
          "Attached policy s3.read-write.new-bucket to user s3.read-write.new-bucket",
          "Created access key for user: s3.read-write.new-bucket",
          "",
        ].join("\n"),
      );
      const key = JSON.parse(result.stdout);
      assert.deepEqual(Object.keys(key), [
        "UserName",
        "AccessKeyId",
        "Status",
        "SecretAccessKey",
        "CreateDate",
      ]);
      assert.match(
        result.stdout,
        /^ {4}"CreateDate": "\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\+00:00"$/m,
      );
      assert.equal(key.UserName, "s3.read-write.new-bucket");
      const arn = await whoami(moto, {
        accessKeyId: key.AccessKeyId,
        secretAccessKey: key.SecretAccessKey,
      });
      assert.equal(arn, "arn:aws:iam::123456789012:user/s3.read-write.new-bucket");
      const { PolicyNames } = await iam.send(
        new ListUserPoliciesCommand({ UserName: key.UserName }),
      );
      assert.deepEqual(PolicyNames, ["s3.read-write.new-bucket"]);
    });

    await t.step("--format ini prints a [default] profile with working keys", async () => {
      const result = await cli("create", "new-bucket", "--read-only", "--format", "ini");
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.split("\n");
      assert.equal(lines.length, 4);
      assert.equal(lines[0], "[default]");
      assert.match(lines[1], /^aws_access_key_id=AKIA[A-Z0-9]{16}$/);
      assert.match(lines[2], /^aws_secret_access_key=\S+$/);
      assert.equal(lines[3], "");
      const arn = await whoami(moto, {
        accessKeyId: lines[1].split("=")[1],
        secretAccessKey: lines[2].slice("aws_secret_access_key=".length),
      });
      assert.equal(arn, "arn:aws:iam::123456789012:user/s3.read-only.new-bucket");
    });

    await t.step("--duration 15m returns temporary credentials with a session token", async () => {
      const result = await cli("create", "new-bucket", "--duration", "15m");
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stderr,
        /Assume role against arn:aws:iam::123456789012:role\/s3-credentials\.AmazonS3FullAccess for 900s\n$/,
      );
      const credentials = JSON.parse(result.stdout);
      assert.deepEqual(Object.keys(credentials), [
        "AccessKeyId",
        "SecretAccessKey",
        "SessionToken",
        "Expiration",
      ]);
      assert.ok(credentials.SessionToken.length > 20);
      assert.match(credentials.Expiration, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
      const arn = await whoami(moto, {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.SessionToken,
      });
      assert.equal(
        arn,
        "arn:aws:sts::123456789012:assumed-role/s3-credentials.AmazonS3FullAccess/s3.read-write.new-bucket",
      );
      const ini = await cli("create", "new-bucket", "-d", "1h", "-f", "ini", "--silent");
      assert.equal(ini.code, 0, ini.stderr);
      assert.equal(ini.stderr, "");
      assert.match(
        ini.stdout,
        /^\[default\]\naws_access_key_id=ASIA\w+\naws_secret_access_key=\S+\naws_session_token=\S+\n$/,
      );
    });

    await t.step("a missing bucket without -c is an error and creates nothing", async () => {
      const result = await cli("create", "missing-bucket");
      assert.equal(result.code, 1);
      assert.equal(result.stdout, "");
      assert.equal(
        result.stderr,
        "error: Bucket does not exist: missing-bucket - try --create-bucket to create it\n",
      );
      await assert.rejects(
        iam.send(new GetUserCommand({ UserName: "s3.read-write.missing-bucket" })),
        (e: Error) => e.name === "NoSuchEntityException",
      );
    });

    await t.step("--website makes a created bucket a public website", async () => {
      const result = await cli("create", "site-bucket", "-c", "--website", "--silent");
      assert.equal(result.code, 0, result.stderr);
      const website = await s3.send(new GetBucketWebsiteCommand({ Bucket: "site-bucket" }));
      assert.equal(website.IndexDocument?.Suffix, "index.html");
      assert.equal(website.ErrorDocument?.Key, "error.html");
      const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: "site-bucket" }));
      assert.deepEqual(JSON.parse(Policy!).Statement[0].Action, ["s3:GetObject"]);
    });

    await t.step("a user with two keys is refused before anything changes", async () => {
      const first = await cli("create", "new-bucket", "--username", "two-keys", "--silent");
      const second = await cli("create", "new-bucket", "--username", "two-keys", "--silent");
      assert.equal(first.code + second.code, 0, first.stderr + second.stderr);
      const third = await cli("create", "site-bucket", "--username", "two-keys");
      assert.equal(third.code, 1);
      assert.equal(third.stdout, "");
      assert.match(third.stderr, /^error: user two-keys already has 2 access keys.*delete/);
      assert.equal(third.stderr.split("\n").length, 2);
      const { PolicyNames } = await iam.send(new ListUserPoliciesCommand({ UserName: "two-keys" }));
      assert.deepEqual(PolicyNames, ["s3.read-write.new-bucket"]);
      const { AccessKeyMetadata } = await iam.send(
        new ListAccessKeysCommand({ UserName: "two-keys" }),
      );
      assert.equal(AccessKeyMetadata?.length, 2);
    });
  } finally {
    iam.destroy();
    s3.destroy();
    await moto.stop();
  }
});
