// With moto's IAM enforcement on, keys from create can do what they claim and nothing more.
import assert from "node:assert/strict";
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { runCli } from "../support/cli.ts";
import { type AdminKeys, fakeCredentials, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const BUCKET = "data-bucket";

Deno.test("create's keys are least privilege, under IAM enforcement", async (t) => {
  const moto = await startMoto();
  const clients: { destroy(): void }[] = [];
  const s3With = (credentials: AdminKeys) => {
    const client = new S3Client({
      endpoint: moto.endpoint,
      region: "us-east-1",
      credentials,
      forcePathStyle: true,
    });
    clients.push(client);
    return client;
  };
  try {
    const admin = await moto.enableAuth();
    const adminEnv = {
      AWS_ACCESS_KEY_ID: admin.accessKeyId,
      AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
      AWS_REGION: "us-east-1",
    };
    const iam = new IAMClient({ endpoint: moto.endpoint, region: "us-east-1", credentials: admin });
    clients.push(iam);
    const adminS3 = s3With(admin);
    await adminS3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const Key of ["allowed/x.txt", "also/z.txt", "other/y.txt"]) {
      await adminS3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: `content of ${Key}` }));
    }

    const keysFrom = async (...args: string[]): Promise<AdminKeys> => {
      const result = await runCli([...args, "--endpoint-url", moto.endpoint, "--silent"], {
        env: adminEnv,
      });
      assert.equal(result.code, 0, result.stderr);
      const key = JSON.parse(result.stdout);
      return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    };
    const denied = (e: Error) => e.name === "AccessDenied";
    const get = (s3: S3Client, Key: string) =>
      s3.send(new GetObjectCommand({ Bucket: BUCKET, Key })).then((r) =>
        r.Body!.transformToString()
      );
    const put = (s3: S3Client, Key: string) =>
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: "new" }));
    const list = (s3: S3Client, Prefix?: string) =>
      s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix }));

    await t.step("--read-only keys can read and list, and cannot write", async () => {
      const s3 = s3With(await keysFrom("create", BUCKET, "--read-only"));
      assert.equal(await get(s3, "other/y.txt"), "content of other/y.txt");
      assert.equal((await list(s3)).KeyCount, 3);
      await assert.rejects(put(s3, "allowed/new.txt"), denied);
    });

    await t.step("--write-only keys can write, and cannot read or list", async () => {
      const s3 = s3With(await keysFrom("create", BUCKET, "--write-only"));
      await put(s3, "other/written.txt");
      await assert.rejects(get(s3, "other/y.txt"), denied);
      await assert.rejects(list(s3), denied);
    });

    // moto miscomputes signatures of queries holding a "/", so listings use prefixes without one;
    // it does not evaluate the s3:prefix condition of ListBucket, which
    // tests/unit/policy_semantics_test.ts proves with the policy simulator instead.
    await t.step("--prefix keys are confined to the prefix", async () => {
      const s3 = s3With(await keysFrom("create", BUCKET, "--prefix", "allowed"));
      assert.equal(await get(s3, "allowed/x.txt"), "content of allowed/x.txt");
      await put(s3, "allowed/new.txt");
      assert.equal((await list(s3, "allowed")).KeyCount, 2);
      await assert.rejects(get(s3, "other/y.txt"), denied);
      await assert.rejects(put(s3, "other/new.txt"), denied);
    });

    await t.step("several --prefix values allow each prefix and nothing else", async () => {
      const s3 = s3With(
        await keysFrom(
          "create",
          BUCKET,
          "--read-only",
          "--prefix",
          "allowed/",
          "--prefix",
          "also/",
        ),
      );
      assert.equal(await get(s3, "allowed/x.txt"), "content of allowed/x.txt");
      assert.equal(await get(s3, "also/z.txt"), "content of also/z.txt");
      assert.equal((await list(s3, "also")).KeyCount, 1);
      await assert.rejects(get(s3, "other/y.txt"), denied);
      await assert.rejects(put(s3, "also/new.txt"), denied);
    });

    await t.step("--auth credentials reach every client (S3 and IAM)", async () => {
      const dir = await Deno.makeTempDir();
      const file = `${dir}/auth.json`;
      await Deno.writeTextFile(
        file,
        JSON.stringify({ AccessKeyId: admin.accessKeyId, SecretAccessKey: admin.secretAccessKey }),
      );
      // The environment's keys are refused under enforcement: only --auth can succeed.
      const result = await runCli(
        ["create", "auth-bucket", "-c", "-a", file, "--endpoint-url", moto.endpoint],
        {
          env: {
            AWS_ACCESS_KEY_ID: fakeCredentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: fakeCredentials.secretAccessKey,
          },
        },
      );
      await Deno.remove(dir, { recursive: true });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /Created bucket: auth-bucket\n/);
      assert.match(result.stderr, /Created access key for user: s3.read-write.auth-bucket\n/);
    });

    await t.step("--profile reads keys and region from the named profile", async () => {
      const dir = await Deno.makeTempDir();
      await Deno.writeTextFile(`${dir}/config`, "[profile ops.admin]\nregion = us-east-1\n");
      await Deno.writeTextFile(
        `${dir}/credentials`,
        `[ops.admin]\naws_access_key_id = ${admin.accessKeyId}\n` +
          `aws_secret_access_key = ${admin.secretAccessKey}\n`,
      );
      const result = await runCli(
        [
          "create",
          BUCKET,
          "--profile",
          "ops.admin",
          "--username",
          "profile-user",
          "--endpoint-url",
          moto.endpoint,
        ],
        {
          env: {
            AWS_CONFIG_FILE: `${dir}/config`,
            AWS_SHARED_CREDENTIALS_FILE: `${dir}/credentials`,
          },
        },
      );
      await Deno.remove(dir, { recursive: true });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(JSON.parse(result.stdout).UserName, "profile-user");
    });

    // A caller who may create users but not attach policies.
    await iam.send(new CreateUserCommand({ UserName: "limited" }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: "limited",
        PolicyName: "limited",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["s3:*", "iam:*"], Resource: "*" },
            { Effect: "Deny", Action: "iam:PutUserPolicy", Resource: "*" },
          ],
        }),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "limited" }));
    const limitedEnv = {
      AWS_ACCESS_KEY_ID: AccessKey!.AccessKeyId!,
      AWS_SECRET_ACCESS_KEY: AccessKey!.SecretAccessKey!,
    };

    await t.step("AccessDenied becomes one error line, and the new user is removed", async () => {
      const result = await runCli(
        ["create", BUCKET, "--username", "victim", "--endpoint-url", moto.endpoint],
        { env: limitedEnv },
      );
      assert.equal(result.code, 1);
      assert.equal(result.stdout, "");
      const lines = result.stderr.trimEnd().split("\n");
      assert.deepEqual(lines.slice(0, 1), [
        "Created user: 'victim' with permissions boundary: 'arn:aws:iam::aws:policy/AmazonS3FullAccess'",
      ]);
      assert.equal(lines.at(-2), "Removed user victim, which this run had created");
      assert.match(
        lines.at(-1)!,
        /^error: An error occurred \(AccessDenied\) when calling the PutUserPolicy operation: /,
      );
      assert.equal(lines.filter((line) => line.startsWith("error:")).length, 1);
      await assert.rejects(
        iam.send(new GetUserCommand({ UserName: "victim" })),
        (e: Error) => e.name === "NoSuchEntityException",
      );
    });
  } finally {
    for (const client of clients) client.destroy();
    await moto.stop();
  }
});
