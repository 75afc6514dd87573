// The object commands' AWS calls, exactly, with aws-sdk-client-mock: delete
// batches, listing pages, uploads that stream in bounded parts.
import assert from "node:assert/strict";
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { deleteKeys, listObjects } from "../../lib/aws/objects.ts";
import { crc32Base64 } from "../../lib/transfer/checksum.ts";
import { MAX_PARTS, PartBuffers } from "../../lib/transfer/parts.ts";
import { PART_SIZE, uploadObject } from "../../lib/transfer/upload-object.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

function s3Client() {
  return new S3Client({
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
}

Deno.test("deleteKeys: 1,000 keys per request, keys untouched, failures of every batch", async () => {
  const s3 = s3Client();
  const mock = mockClient(s3);
  mock.on(DeleteObjectsCommand).callsFake((input) => ({
    Errors: input.Delete.Objects[0].Key === "k1000"
      ? [{ Key: "k1000", Code: "AccessDenied", Message: "Access Denied" }]
      : [],
  }));
  const keys = [" spaced ", ...Array.from({ length: 2499 }, (_, i) => `k${i + 1}`)];
  const failures = await deleteKeys(s3, "bkt", keys);
  const calls = mock.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input);
  assert.deepEqual(calls.map((input) => input.Delete!.Objects!.length), [1000, 1000, 500]);
  assert.equal(calls[0].Bucket, "bkt");
  assert.equal(calls[0].Delete!.Quiet, true);
  assert.equal(calls[0].Delete!.Objects![0].Key, " spaced ", "not stripped");
  assert.deepEqual(calls.flatMap((input) => input.Delete!.Objects!.map((o) => o.Key)), keys);
  assert.deepEqual(failures, [{ key: "k1000", code: "AccessDenied", message: "Access Denied" }]);
  assert.deepEqual(await deleteKeys(s3, "bkt", []), []);
  assert.equal(mock.commandCalls(DeleteObjectsCommand).length, 3, "no request for no keys");
});

Deno.test("listObjects follows every page, with Prefix and FetchOwner as asked", async () => {
  const s3 = s3Client();
  const mock = mockClient(s3);
  // The paginator reuses one input object: keep a copy of each as sent.
  const inputs: Record<string, unknown>[] = [];
  mock.on(ListObjectsV2Command).callsFake((input) =>
    inputs.push(JSON.parse(JSON.stringify(input))) && input.ContinuationToken
      ? { Contents: [{ Key: "p/c" }], IsTruncated: false }
      : {
        Contents: [{ Key: "p/a" }, { Key: "p/b" }],
        IsTruncated: true,
        NextContinuationToken: "t",
      }
  );
  const keys: string[] = [];
  for await (const object of listObjects(s3, "bkt", { prefix: "p/", fetchOwner: true })) {
    keys.push(object.Key!);
  }
  assert.deepEqual(keys, ["p/a", "p/b", "p/c"]);
  assert.deepEqual(inputs[0], { Bucket: "bkt", Prefix: "p/", FetchOwner: true, MaxKeys: 1000 });
  assert.equal(inputs[1].ContinuationToken, "t");
  for await (const _ of listObjects(s3, "bkt")) { /* drain */ }
  assert.deepEqual(inputs[2], { Bucket: "bkt", MaxKeys: 1000 });
});

Deno.test("a body smaller than a part is one PutObject with its Content-Type", async () => {
  const s3 = s3Client();
  const mock = mockClient(s3);
  mock.on(PutObjectCommand).resolves({ ETag: '"e"' });
  let reported = 0;
  await uploadObject(s3, {
    bucket: "bkt",
    key: "k.txt",
    body: new TextEncoder().encode("hello"),
    contentType: "text/plain",
  }, { onBytes: (n) => reported += n });
  const [call] = mock.commandCalls(PutObjectCommand);
  assert.equal(call.args[0].input.Bucket, "bkt");
  assert.equal(call.args[0].input.Key, "k.txt");
  assert.equal(call.args[0].input.ContentType, "text/plain");
  assert.equal(new TextDecoder().decode(call.args[0].input.Body as Uint8Array), "hello");
  // CRC32 of "hello", as Python's zlib.crc32 gives it, big-endian and base64.
  assert.equal(call.args[0].input.ChecksumCRC32, "NhCmhg==");
  assert.equal(mock.calls().length, 1, "one request, nothing else");
  assert.equal(reported, 5);
});

Deno.test("a stream is uploaded in 8 MiB parts, read only a few parts ahead", async () => {
  const s3 = s3Client();
  const mock = mockClient(s3);
  const total = 10 * PART_SIZE + 123;
  const chunk = 1024 * 1024;
  let read = 0;
  let uploaded = 0;
  let mostAhead = 0;
  mock.on(CreateMultipartUploadCommand).resolves({ UploadId: "u1" });
  mock.on(UploadPartCommand).callsFake(async (input) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    uploaded += (input.Body as Uint8Array).length;
    return { ETag: `"p${input.PartNumber}"` };
  });
  mock.on(CompleteMultipartUploadCommand).resolves({});
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (read >= total) return controller.close();
      const size = Math.min(chunk, total - read);
      read += size;
      mostAhead = Math.max(mostAhead, read - uploaded);
      controller.enqueue(new Uint8Array(size).fill(read % 251));
    },
  }, { highWaterMark: 0 });
  let reported = 0;
  await uploadObject(s3, { bucket: "bkt", key: "big", body }, {
    queueSize: 4,
    onBytes: (n) => reported += n,
  });
  const parts = mock.commandCalls(UploadPartCommand).map((call) => call.args[0].input);
  assert.equal(parts.length, 11);
  assert.ok(parts.slice(0, 10).every((p) => (p.Body as Uint8Array).length === PART_SIZE));
  assert.equal((parts[10].Body as Uint8Array).length, 123);
  assert.equal(uploaded, total);
  assert.equal(reported, total);
  for (const part of parts) {
    assert.equal(part.ChecksumCRC32, crc32Base64(part.Body as Uint8Array), "each part's CRC32");
  }
  const create = mock.commandCalls(CreateMultipartUploadCommand)[0].args[0].input;
  assert.equal(create.ChecksumAlgorithm, "CRC32");
  const complete = mock.commandCalls(CompleteMultipartUploadCommand)[0].args[0].input;
  assert.deepEqual(
    complete.MultipartUpload!.Parts!.map((p) => p.ChecksumCRC32),
    parts.map((p) => p.ChecksumCRC32),
  );
  assert.deepEqual(
    complete.MultipartUpload!.Parts!.map((p) => p.PartNumber),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  );
  // Four parts in flight, one being filled, one chunk more: never the whole body.
  assert.ok(mostAhead <= 6 * PART_SIZE, `read ${mostAhead} bytes ahead of the uploads`);
});

Deno.test("a file's parts are read into a few reused buffers, none refilled while in flight", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "s3c-parts-" });
  const path = `${tmp}/big.bin`;
  const total = 10 * PART_SIZE + 123;
  const bytes = new Uint8Array(total);
  for (let at = 0; at < total; at += 4096) bytes.fill((at / 4096) % 251, at, at + 4096);
  await Deno.writeFile(path, bytes);
  // Which buffers came back, and how many takes had to make a new one.
  const { take, giveBack } = PartBuffers.prototype;
  const givenBack = new Set<ArrayBuffer>();
  let made = 0;
  PartBuffers.prototype.take = function (size) {
    const buffer = take.call(this, size);
    if (!givenBack.has(buffer)) made++;
    return buffer;
  };
  PartBuffers.prototype.giveBack = function (part) {
    givenBack.add(part.buffer as ArrayBuffer);
    giveBack.call(this, part);
  };
  const s3 = s3Client();
  const mock = mockClient(s3);
  const sent: number[] = [];
  mock.on(CreateMultipartUploadCommand).resolves({ UploadId: "u1" });
  mock.on(UploadPartCommand).callsFake(async (input) => {
    const body = input.Body as Uint8Array;
    const at = (input.PartNumber! - 1) * PART_SIZE;
    const expected = crc32Base64(bytes.subarray(at, at + PART_SIZE));
    assert.equal(crc32Base64(body), expected, `part ${input.PartNumber} as sent`);
    // Later parts finish first now and then, so their buffers are refilled meanwhile.
    await new Promise((resolve) => setTimeout(resolve, input.PartNumber! % 3 === 1 ? 30 : 5));
    assert.equal(crc32Base64(body), expected, `part ${input.PartNumber} while in flight`);
    sent.push(input.PartNumber!);
    return { ETag: `"p${input.PartNumber}"` };
  });
  mock.on(CompleteMultipartUploadCommand).resolves({});
  const file = await Deno.open(path);
  try {
    await uploadObject(s3, { bucket: "bkt", key: "big", body: file.readable }, { queueSize: 3 });
  } finally {
    PartBuffers.prototype.take = take;
    PartBuffers.prototype.giveBack = giveBack;
    await Deno.remove(tmp, { recursive: true });
  }
  assert.equal(sent.length, 11);
  assert.notDeepEqual(sent, [...sent].sort((a, b) => a - b), "parts finished out of order");
  // Three parts in flight and one being read: four buffers for eleven parts.
  assert.ok(made <= 4, `${made} part buffers made`);
  assert.ok(givenBack.size > 0, "sent parts' buffers come back");
});

Deno.test("a stream's declared size sets its part size: beyond 78 GiB, parts grow to fit 10,000", async () => {
  const s3 = s3Client();
  const mock = mockClient(s3);
  // Bodies as they were sent (their buffers are refilled afterwards).
  const sent: { length: number; checksum: string }[] = [];
  mock.on(CreateMultipartUploadCommand).resolves({ UploadId: "u1" });
  mock.on(UploadPartCommand).callsFake((input) => {
    const body = input.Body as Uint8Array;
    sent.push({ length: body.length, checksum: crc32Base64(body) });
    return Promise.resolve({ ETag: `"p${input.PartNumber}"` });
  });
  mock.on(CompleteMultipartUploadCommand).resolves({});
  const MiB = 1024 * 1024;
  const bytes = new Uint8Array(20 * MiB).map((_, i) => i % 253);
  const body = new Blob([bytes]).stream();
  // As if the file were one byte over 10,000 parts of 8 MiB: 9 MiB parts (the whole MiB that fits).
  await uploadObject(s3, { bucket: "bkt", key: "huge", body, size: MAX_PARTS * PART_SIZE + 1 });
  assert.deepEqual(sent.map((part) => part.length), [9 * MiB, 9 * MiB, 2 * MiB]);
  assert.deepEqual(sent.map((part) => part.checksum), [
    crc32Base64(bytes.subarray(0, 9 * MiB)),
    crc32Base64(bytes.subarray(9 * MiB, 18 * MiB)),
    crc32Base64(bytes.subarray(18 * MiB)),
  ]);
});
