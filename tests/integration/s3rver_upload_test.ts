// Streamed uploads against a second, independent S3 server (s3rver): the bytes
// stored are exactly the bytes sent (no checksum framing stored as data).
import assert from "node:assert/strict";
import S3rver from "s3rver";
import { FAKE_KEYS_ENV } from "../support/cli.ts";
import { objectBytes, randomBytes, runCliBinary, s3At, sha256 } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const PART = 8 * 1024 * 1024;

Deno.test("streamed uploads to s3rver keep their bytes exact", async (t) => {
  const tmp = await Deno.makeTempDir({ prefix: "s3c-s3rver-" });
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: `${tmp}/store`,
    configureBuckets: [{ name: "streamed" }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const s3 = s3At(endpoint, { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });
  const env = { ...FAKE_KEYS_ENV, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" };
  try {
    // 6 MiB is one PUT of a stream; 2 parts + 3 bytes is a multipart upload.
    for (const size of [6 * 1024 * 1024, 2 * PART + 3]) {
      await t.step(`put-object - of ${size} bytes`, async () => {
        const bytes = randomBytes(size, size);
        await Deno.writeFile(`${tmp}/input.bin`, bytes);
        const key = `stdin-${size}`;
        const result = await runCliBinary(
          ["put-object", "streamed", key, "-", "--endpoint-url", endpoint, "-s"],
          env,
          `${tmp}/input.bin`,
        );
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr, "");
        const stored = await objectBytes(s3, "streamed", key);
        assert.equal(stored.length, size);
        assert.equal(await sha256(stored), await sha256(bytes));
        const back = await runCliBinary(
          ["get-object", "streamed", key, "--endpoint-url", endpoint],
          env,
        );
        assert.equal(back.code, 0, back.stderr);
        assert.equal(await sha256(back.bytes), await sha256(bytes));
      });
    }
  } finally {
    s3.destroy();
    await server.close();
    await Deno.remove(tmp, { recursive: true });
  }
});
