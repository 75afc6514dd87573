// Downloads over fetch with the SDK's checksum validation switched on, as it
// is against AWS (custom endpoints switch it off): the body arrives through
// the validating stream, lands exact, and a body that does not match its
// checksum fails the download and leaves no file.
import assert from "node:assert/strict";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { openObject } from "../../lib/transfer/open-object.ts";
import { fetchRequestHandler } from "../../lib/aws/fetch-transport.ts";
import { saveObject } from "../../lib/local/object-body.ts";
import { fakeCredentials, startMoto } from "../support/moto.ts";
import { filesUnder, randomBytes } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

/** An S3 client configured as createClients configures one for AWS, at `endpoint`. */
function awsLikeClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: fakeCredentials,
    requestHandler: fetchRequestHandler(15_000),
  });
}

Deno.test("a checksummed object downloads exact through the validating stream", async () => {
  const moto = await startMoto();
  const dir = await Deno.makeTempDir({ prefix: "s3c-checksum-" });
  const s3 = awsLikeClient(moto.endpoint);
  try {
    const bytes = randomBytes(3 * 1024 * 1024 + 7, 5);
    await s3.send(new CreateBucketCommand({ Bucket: "sums" }));
    const put = await s3.send(new PutObjectCommand({ Bucket: "sums", Key: "k.bin", Body: bytes }));
    assert.ok(put.ChecksumCRC32, "stored with a CRC32, as AWS stores it");
    const body = await openObject(s3, "sums", "k.bin");
    assert.ok(body instanceof ReadableStream);
    await saveObject(`${dir}/k.bin`, body, "k.bin");
    assert.deepEqual(await Deno.readFile(`${dir}/k.bin`), bytes);
  } finally {
    s3.destroy();
    await moto.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a body that does not match its checksum fails the download and leaves no file", async () => {
  const body = new Uint8Array(randomBytes(2 * 1024 * 1024, 6));
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () =>
      new Response(body, {
        headers: {
          "content-length": String(body.length),
          // The CRC32 of something else.
          "x-amz-checksum-crc32": "AAAAAA==",
          "x-amz-checksum-type": "FULL_OBJECT",
        },
      }),
  );
  const dir = await Deno.makeTempDir({ prefix: "s3c-checksum-" });
  const s3 = awsLikeClient(`http://127.0.0.1:${server.addr.port}`);
  try {
    const opened = await openObject(s3, "sums", "k.bin");
    await assert.rejects(saveObject(`${dir}/k.bin`, opened, "k.bin"), /checksum/i);
    assert.deepEqual(await filesUnder(dir), []);
  } finally {
    s3.destroy();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
