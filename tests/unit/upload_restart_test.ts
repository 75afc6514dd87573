// An upload started over without checksums, with aws-sdk-client-mock: the
// exact calls, and progress that counts each byte once across both attempts.
import assert from "node:assert/strict";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { PART_SIZE, uploadObject } from "../../lib/transfer/upload-object.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

function notImplemented(): Error {
  return Object.assign(new Error("checksums are not implemented"), {
    name: "NotImplemented",
    $metadata: { httpStatusCode: 501 },
  });
}

Deno.test("parts refused for their checksums: aborted, sent again without, counted once", async () => {
  const s3 = new S3Client({
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  const mock = mockClient(s3);
  let uploads = 0;
  mock.on(CreateMultipartUploadCommand).callsFake(() => ({ UploadId: `u${++uploads}` }));
  mock.on(UploadPartCommand).callsFake(async (input) => {
    // Part 1 goes through (and is counted) before the others are refused.
    if (input.ChecksumCRC32 && input.PartNumber !== 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw notImplemented();
    }
    return { ETag: `"p${input.PartNumber}"` };
  });
  mock.on(AbortMultipartUploadCommand).resolves({});
  mock.on(CompleteMultipartUploadCommand).resolves({});
  const body = new Uint8Array(2 * PART_SIZE + 10).map((_, i) => i % 251);
  let reported = 0;
  const warnings: string[] = [];
  await uploadObject(s3, { bucket: "bkt", key: "big", body }, {
    onBytes: (count) => reported += count,
    onWarning: (line) => warnings.push(line),
  });
  assert.equal(reported, body.length, "bytes sent twice are counted once");
  assert.deepEqual(
    mock.commandCalls(CreateMultipartUploadCommand).map((c) => c.args[0].input.ChecksumAlgorithm),
    ["CRC32", undefined],
  );
  assert.deepEqual(
    mock.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input.UploadId),
    ["u1"],
  );
  const complete = mock.commandCalls(CompleteMultipartUploadCommand).map((c) => c.args[0].input);
  assert.equal(complete.length, 1);
  assert.equal(complete[0].UploadId, "u2");
  assert.deepEqual(complete[0].MultipartUpload?.Parts?.map((p) => p.ChecksumCRC32), [
    undefined,
    undefined,
    undefined,
  ]);
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0],
    /^the endpoint refused CRC32 checksums \(.*checksums are not implemented\); /,
  );
});
