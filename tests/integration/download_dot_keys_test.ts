// Keys with `.` and `..` segments, downloaded with the real CLI, must give
// exactly the bytes boto3 reads for the same key: URL parsing in `fetch`
// would otherwise request another object (or the bucket listing).
import assert from "node:assert/strict";
import { runCli } from "../support/cli.ts";
import { motoEnv, startMoto } from "../support/moto.ts";
import { runCliBinary } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

/** Dot-segment keys and their normalised twins, each with its own content. */
const KEYS = [
  "reports/./q1.csv",
  "reports/q1.csv",
  "a/../b",
  "b",
  "..",
  ".",
  "x/.",
  "x/",
  "./y",
  "y",
  "p/%2E/q",
  "p/q",
];

/** Puts every key (content: the key itself, reversed) with boto3, then reads each back. */
const BOTO3_SCRIPT = `
import base64, json, sys, boto3
endpoint, bucket, keys = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id=sys.argv[4], aws_secret_access_key=sys.argv[5])
s3.create_bucket(Bucket=bucket)
for key in keys:
    s3.put_object(Bucket=bucket, Key=key, Body=("content of " + key).encode())
print(json.dumps({key: base64.b64encode(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
                  .decode() for key in keys}))
`;

async function boto3PutAndRead(
  endpoint: string,
  bucket: string,
  keys: readonly string[],
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<Map<string, string>> {
  const output = await new Deno.Command("python3", {
    args: [
      "-c",
      BOTO3_SCRIPT,
      endpoint,
      bucket,
      JSON.stringify(keys),
      credentials.accessKeyId,
      credentials.secretAccessKey,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  const read: Record<string, string> = JSON.parse(new TextDecoder().decode(output.stdout));
  return new Map(Object.entries(read).map(([key, b64]) => [key, atob(b64)]));
}

Deno.test("get-object requests exactly the key it names, dot segments included", async (t) => {
  const moto = await startMoto();
  const tmp = await Deno.makeTempDir({ prefix: "s3c-dots-" });
  try {
    const boto3 = await boto3PutAndRead(moto.endpoint, "dots", KEYS, {
      accessKeyId: "testing",
      secretAccessKey: "testing",
    });
    // The emulator must keep them apart, or the test proves nothing.
    for (const key of KEYS) assert.equal(boto3.get(key), `content of ${key}`, key);

    const env = motoEnv(moto);
    await t.step("to standard output", async () => {
      for (const key of KEYS) {
        const result = await runCliBinary(
          ["get-object", "dots", key, "--endpoint-url", moto.endpoint],
          env,
        );
        assert.equal(result.code, 0, `${key}: ${result.stderr}`);
        assert.equal(result.stdout, boto3.get(key), key);
      }
    });

    await t.step("to a file with -o", async () => {
      for (const [index, key] of KEYS.entries()) {
        const path = `${tmp}/out-${index}`;
        const result = await runCli(
          ["get-object", "dots", key, "-o", path, "--endpoint-url", moto.endpoint],
          { env },
        );
        assert.equal(result.code, 0, `${key}: ${result.stderr}`);
        assert.equal(await Deno.readTextFile(path), boto3.get(key), key);
      }
    });

    await t.step("signed requests are accepted (IAM enforcement on)", async () => {
      const admin = await moto.enableAuth();
      try {
        for (const key of ["reports/./q1.csv", "a/../b", ".."]) {
          const result = await runCliBinary(
            ["get-object", "dots", key, "--endpoint-url", moto.endpoint],
            {
              ...env,
              AWS_ACCESS_KEY_ID: admin.accessKeyId,
              AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
            },
          );
          assert.equal(result.code, 0, `${key}: ${result.stderr}`);
          assert.equal(result.stdout, boto3.get(key), key);
        }
      } finally {
        await moto.disableAuth();
      }
    });
  } finally {
    await moto.stop();
    await Deno.remove(tmp, { recursive: true });
  }
});
