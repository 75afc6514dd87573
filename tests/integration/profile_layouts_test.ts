// `create --write-profile` when the credentials file and the config file are one
// file (both SDKs accept that layout), against the moto emulator: the profile
// written is then used by boto3 and, through `whoami --profile`, by the AWS SDK
// for JavaScript, reading its keys, region and endpoint from that file.
import assert from "node:assert/strict";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { runCli } from "../support/cli.ts";
import { fakeCredentials, startMoto } from "../support/moto.ts";
import { boto3 } from "../support/python_sdk.ts";

const BUCKET = "one-file";
const KEYS_FLAGS = ["--access-key", "testing", "--secret-key", "testing", "--region", "us-east-1"];
const OTHER_PROFILES = "[default]\nregion = eu-west-1\n";

/** Python that prints the profile's region and endpoint, then the keys in BUCKET. */
const profilePy = "import boto3; s = boto3.session.Session(); c = s.client('s3'); " +
  "print(s.region_name, c.meta.endpoint_url, " +
  `','.join(o['Key'] for o in c.list_objects_v2(Bucket='${BUCKET}')['Contents']))`;

async function withHome<T>(run: (home: string) => Promise<T>): Promise<T> {
  const home = await Deno.makeTempDir({ prefix: "s3c-one-file-" });
  try {
    return await run(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("--write-profile into one file for credentials and config", async (t) => {
  const moto = await startMoto();
  const s3 = new S3Client({
    endpoint: moto.endpoint,
    region: "us-east-1",
    credentials: fakeCredentials,
    forcePathStyle: true,
  });
  const create = (name: string, env: Record<string, string>, more: string[] = []) =>
    runCli(
      [
        "create",
        BUCKET,
        "--read-only",
        ...more,
        "--write-profile",
        name,
        "--endpoint-url",
        moto.endpoint,
        ...KEYS_FLAGS,
      ],
      { awsEnv: false, env: { AWS_EC2_METADATA_DISABLED: "true", ...env } },
    );
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "hello.txt", Body: "hi" }));

    await t.step("AWS_SHARED_CREDENTIALS_FILE names the config file", async () => {
      await withHome(async (home) => {
        const file = `${home}/aws-config`;
        await Deno.writeTextFile(file, OTHER_PROFILES);
        const env = { HOME: home, AWS_CONFIG_FILE: file, AWS_SHARED_CREDENTIALS_FILE: file };
        const result = await create("ro", env);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stdout, "");
        const text = await Deno.readTextFile(file);
        assert.match(text, /\n\[ro\]\naws_access_key_id = \S+\naws_secret_access_key = \S+\n/);
        assert.ok(text.startsWith(OTHER_PROFILES), text);
        const profile = { ...env, AWS_PROFILE: "ro" };
        assert.equal(await boto3(profilePy, profile), `us-east-1 ${moto.endpoint} hello.txt`);
        const whoami = await runCli(["whoami", "--profile", "ro"], { awsEnv: false, env });
        assert.equal(whoami.code, 0, whoami.stderr);
        assert.equal(
          JSON.parse(whoami.stdout).Arn,
          `arn:aws:iam::123456789012:user/s3.read-only.${BUCKET}`,
        );
      });
    });

    await t.step("~/.aws/credentials is a symbolic link to config", async () => {
      await withHome(async (home) => {
        await Deno.mkdir(`${home}/.aws`);
        await Deno.writeTextFile(`${home}/.aws/config`, OTHER_PROFILES);
        await Deno.symlink("config", `${home}/.aws/credentials`);
        const result = await create("tmp", { HOME: home }, ["-d", "15m"]);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(await Deno.readLink(`${home}/.aws/credentials`), "config");
        assert.match(await Deno.readTextFile(`${home}/.aws/config`), /\naws_session_token = /);
        const profile = { HOME: home, AWS_PROFILE: "tmp" };
        assert.equal(await boto3(profilePy, profile), `us-east-1 ${moto.endpoint} hello.txt`);
      });
    });
  } finally {
    s3.destroy();
    await moto.stop();
  }
});
