// Uploads with CRC32 headers keep their bytes exact on both servers we test
// against (moto, and s3rver, which stores checksum framing as data), from a
// file and from standard input, at the sizes around the multipart threshold.
import assert from "node:assert/strict";
import { CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { FAKE_KEYS_ENV } from "../support/cli.ts";
import { motoEnv, startMoto } from "../support/moto.ts";
import { objectBytes, randomBytes, runCliBinary, s3At, sha256 } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const PART = 8 * 1024 * 1024;
const SIZES = [0, 1, PART - 1, PART, PART + 1, 20 * 1024 * 1024];

async function roundTrips(
  t: Deno.TestContext,
  endpoint: string,
  s3: S3Client,
  env: Record<string, string>,
  tmp: string,
) {
  for (const size of SIZES) {
    const bytes = randomBytes(size, size + 11);
    const path = `${tmp}/in-${size}.bin`;
    await Deno.writeFile(path, bytes);
    for (const fromStdin of [false, true]) {
      const key = `${fromStdin ? "stdin" : "file"}-${size}`;
      await t.step(`put-object ${fromStdin ? "-" : "FILE"} of ${size} bytes`, async () => {
        const result = await runCliBinary(
          [
            "put-object",
            "round-trip",
            key,
            fromStdin ? "-" : path,
            "-s",
            "--endpoint-url",
            endpoint,
          ],
          env,
          fromStdin ? path : undefined,
        );
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr, "");
        const stored = await objectBytes(s3, "round-trip", key);
        assert.equal(stored.length, size);
        assert.equal(await sha256(stored), await sha256(bytes));
      });
    }
  }
}

Deno.test("uploads round-trip byte-exact on moto", async (t) => {
  const moto = await startMoto();
  const s3 = s3At(moto.endpoint);
  const tmp = await Deno.makeTempDir({ prefix: "s3c-rt-moto-" });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: "round-trip" }));
    await roundTrips(t, moto.endpoint, s3, motoEnv(moto), tmp);
  } finally {
    s3.destroy();
    await moto.stop();
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("uploads round-trip byte-exact on s3rver", async (t) => {
  const tmp = await Deno.makeTempDir({ prefix: "s3c-rt-s3rver-" });
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: `${tmp}/store`,
    configureBuckets: [{ name: "round-trip" }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const s3 = s3At(endpoint, { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });
  const env = { ...FAKE_KEYS_ENV, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" };
  try {
    await roundTrips(t, endpoint, s3, env, tmp);
  } finally {
    s3.destroy();
    await server.close();
    await Deno.remove(tmp, { recursive: true });
  }
});
