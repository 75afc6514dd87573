import assert from "node:assert/strict";
import { GetPolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CreateBucketCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { type AdminKeys, fakeCredentials, motoEnv, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

Deno.test("moto harness: managed policies, auth enforcement, reset", async (t) => {
  const moto = await startMoto();
  const opts = (credentials: AdminKeys = fakeCredentials) => ({
    endpoint: moto.endpoint,
    region: "us-east-1",
    credentials,
  });
  const clients: { destroy(): void }[] = [];
  const track = <C extends { destroy(): void }>(c: C): C => (clients.push(c), c);
  try {
    await t.step("AWS managed policies are loaded", async () => {
      const iam = track(new IAMClient(opts()));
      const { Policy } = await iam.send(
        new GetPolicyCommand({ PolicyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" }),
      );
      assert.equal(Policy?.PolicyName, "AmazonS3FullAccess");
    });

    await t.step("enableAuth rejects fake keys and accepts the admin", async () => {
      const admin = await moto.enableAuth();
      const fake = track(new STSClient(opts()));
      await assert.rejects(fake.send(new GetCallerIdentityCommand({})), (e: Error) => {
        assert.equal(e.name, "InvalidClientTokenId");
        return true;
      });
      const sts = track(new STSClient(opts(admin)));
      const me = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, "arn:aws:iam::123456789012:user/admin");
    });

    await t.step("reset clears state and switches enforcement off", async () => {
      await moto.reset();
      const s3 = track(new S3Client({ ...opts(), forcePathStyle: true }));
      await s3.send(new CreateBucketCommand({ Bucket: "harness-bucket" }));
      const before = await s3.send(new ListBucketsCommand({}));
      assert.deepEqual(before.Buckets?.map((b) => b.Name), ["harness-bucket"]);
      await moto.reset();
      const after = await s3.send(new ListBucketsCommand({}));
      assert.deepEqual(after.Buckets ?? [], []);
    });

    await t.step("motoEnv isolates the CLI from ~/.aws", () => {
      const env = motoEnv(moto);
      assert.equal(env.AWS_ACCESS_KEY_ID, fakeCredentials.accessKeyId);
      assert.equal(env.AWS_EC2_METADATA_DISABLED, "true");
      assert.throws(() => Deno.statSync(env.AWS_CONFIG_FILE), Deno.errors.NotFound);
      assert.throws(() => Deno.statSync(env.AWS_SHARED_CREDENTIALS_FILE), Deno.errors.NotFound);
    });
  } finally {
    for (const c of clients) c.destroy();
    await moto.stop();
  }
  await assert.rejects(fetch(`${moto.endpoint}/moto-api/`), TypeError);
});
