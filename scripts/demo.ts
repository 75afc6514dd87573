// The main job, end to end on this machine: starts the local AWS emulator,
// creates a bucket and credentials for it with the CLI, then uses the new
// credentials. Run with `npx -y deno@2.9.6 task demo`.
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fakeCredentials, startMoto } from "../tests/support/moto.ts";

const main = new URL("../main.ts", import.meta.url).pathname;

async function cli(args: string[], env: Record<string, string>): Promise<string> {
  console.log(`\n$ s3-credentials ${args.join(" ")}`);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, ...args],
    env,
  }).output();
  const out = new TextDecoder().decode(stdout);
  Deno.stderr.writeSync(stderr);
  console.log(out.trimEnd());
  if (code !== 0) throw new Error(`s3-credentials exited with ${code}`);
  return out;
}

const moto = await startMoto();
try {
  const endpoint = moto.endpoint;
  const env = {
    AWS_ACCESS_KEY_ID: fakeCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: fakeCredentials.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    NO_COLOR: "1",
  };
  console.log(`Emulator (moto) running at ${endpoint}`);
  const key = JSON.parse(
    await cli(["create", "demo-bucket", "--create-bucket", "--endpoint-url", endpoint], env),
  );
  const credentials = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  const common = { region: "us-east-1", endpoint, credentials };

  const identity = await new STSClient(common).send(new GetCallerIdentityCommand({}));
  console.log(`\nThe new key belongs to: ${identity.Arn}`);
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  await s3.send(
    new PutObjectCommand({
      Bucket: "demo-bucket",
      Key: "hello.txt",
      Body: "Hello from s3-credentials",
    }),
  );
  const object = await s3.send(new GetObjectCommand({ Bucket: "demo-bucket", Key: "hello.txt" }));
  console.log(
    `Wrote and read back s3://demo-bucket/hello.txt: ${await object.Body!.transformToString()}`,
  );

  await cli(
    [
      "create",
      "demo-bucket",
      "--read-only",
      "--duration",
      "15m",
      "--format",
      "ini",
      "--endpoint-url",
      endpoint,
    ],
    env,
  );
} finally {
  await moto.stop();
}
