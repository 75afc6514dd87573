// Endpoints that refuse checksum headers on UploadPart only, and answers that
// reject a garbled checksum value, through the fault proxy in front of moto.
import assert from "node:assert/strict";
import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
} from "@aws-sdk/client-s3";
import { STACK_FRAME } from "../support/cli.ts";
import { type Fault, type ProxiedRequest, startFaultProxy } from "../support/fault_proxy.ts";
import { motoEnv, startMoto } from "../support/moto.ts";
import { objectBytes, randomBytes, runCliBinary, s3At, sha256 } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const MiB = 1024 * 1024;

const isPart = (request: ProxiedRequest) =>
  request.method === "PUT" && /[?&]partNumber=/.test(request.target);
const isCreate = (request: ProxiedRequest) =>
  request.method === "POST" && /[?&]uploads(=|&|$)/.test(request.target);
const hasChecksum = (request: ProxiedRequest) => request.headers.has("x-amz-checksum-crc32");

/** What a server that does not implement checksums on parts answers them with. */
const REFUSAL: Fault = {
  kind: "status",
  status: 400,
  code: "InvalidArgument",
  message: "x-amz-checksum-crc32 is not supported",
};
/** What S3 answers to a checksum header whose value is damaged. */
const GARBLED: Fault = {
  kind: "status",
  status: 400,
  code: "InvalidRequest",
  message: "Value for x-amz-checksum-crc32 header is invalid.",
};

Deno.test("uploads: checksums refused on parts only, and garbled checksum values", async (t) => {
  const moto = await startMoto();
  const s3 = s3At(moto.endpoint);
  const env = motoEnv(moto);
  const tmp = await Deno.makeTempDir({ prefix: "s3c-refusal-" });
  const big = `${tmp}/big.bin`;
  const small = `${tmp}/small.bin`;
  const through = async (
    decide: (request: ProxiedRequest) => Fault,
    args: string[],
    stdinPath?: string,
  ) => {
    const proxy = startFaultProxy(moto.endpoint, decide);
    try {
      const result = await runCliBinary(
        [...args, "-s", "--endpoint-url", proxy.url],
        env,
        stdinPath,
      );
      return { ...result, log: proxy.log.map((entry) => entry.request) };
    } finally {
      await proxy.close();
    }
  };
  const exists = (key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: "bkt", Key: key })).then(() => true, () => false);
  const openUploads = async () =>
    (await s3.send(new ListMultipartUploadsCommand({ Bucket: "bkt" }))).Uploads ?? [];
  const refusePartChecksums = (request: ProxiedRequest): Fault =>
    isPart(request) && hasChecksum(request) ? REFUSAL : { kind: "pass" };
  try {
    await s3.send(new CreateBucketCommand({ Bucket: "bkt" }));
    await Deno.writeFile(big, randomBytes(20 * MiB, 5));
    await Deno.writeFile(small, randomBytes(1000, 6));

    await t.step("a file whose parts are refused starts over without checksums", async () => {
      const result = await through(refusePartChecksums, ["put-object", "bkt", "big.bin", big]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(
        result.stderr,
        "warning: the endpoint refused CRC32 checksums (An error occurred (InvalidArgument) " +
          "when calling the UploadPart operation: x-amz-checksum-crc32 is not supported); " +
          "uploading without them\n",
      );
      assert.equal(
        await sha256(await objectBytes(s3, "bkt", "big.bin")),
        await sha256(
          await Deno.readFile(big),
        ),
      );
      const creates = result.log.filter(isCreate);
      assert.deepEqual(
        creates.map((request) => request.headers.get("x-amz-checksum-algorithm")),
        ["CRC32", null],
        "the second multipart upload declares no checksum",
      );
      assert.ok(result.log.filter(isPart).filter((r) => !hasChecksum(r)).length === 3);
      assert.deepEqual(await openUploads(), [], "the refused upload was aborted");
    });

    await t.step("put-objects: the same restart for a large file among others", async () => {
      const dir = `${tmp}/tree`;
      await Deno.mkdir(dir);
      await Deno.copyFile(big, `${dir}/big.bin`);
      await Deno.copyFile(small, `${dir}/small.bin`);
      const result = await through(refusePartChecksums, ["put-objects", "bkt", dir]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /^warning: the endpoint refused CRC32 checksums \([^\n]+\n$/);
      for (const name of ["big.bin", "small.bin"]) {
        assert.equal(
          await sha256(await objectBytes(s3, "bkt", `tree/${name}`)),
          await sha256(await Deno.readFile(`${dir}/${name}`)),
        );
      }
      assert.deepEqual(await openUploads(), []);
    });

    await t.step("standard input cannot be read again: one line that says what to do", async () => {
      const result = await through(
        (request) =>
          isPart(request) && hasChecksum(request)
            ? { kind: "status", status: 501, code: "NotImplemented", message: "not implemented" }
            : { kind: "pass" },
        ["put-object", "bkt", "piped.bin", "-"],
        big,
      );
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stdout, "");
      assert.equal(
        result.stderr,
        "error: cannot upload piped.bin: the endpoint refused CRC32 checksums on its parts " +
          "(An error occurred (NotImplemented) when calling the UploadPart operation: " +
          "not implemented), and a stream cannot be read again to send it without them: " +
          "save it to a file and upload the file\n",
      );
      assert.equal(await exists("piped.bin"), false);
      assert.deepEqual(await openUploads(), []);
    });

    await t.step("a garbled checksum value on a single PUT fails, nothing stored", async () => {
      const result = await through(
        (request) => request.method === "PUT" && hasChecksum(request) ? GARBLED : { kind: "pass" },
        ["put-object", "bkt", "garbled-small.bin", small],
      );
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stderr,
        "error: An error occurred (InvalidRequest) when calling the PutObject operation: " +
          "Value for x-amz-checksum-crc32 header is invalid.\n",
      );
      assert.doesNotMatch(result.stderr, STACK_FRAME);
      assert.equal(await exists("garbled-small.bin"), false);
    });

    await t.step("a garbled checksum value on a part fails the upload, no restart", async () => {
      let garbled = false;
      const result = await through(
        (request) => {
          if (!isPart(request) || garbled) return { kind: "pass" };
          garbled = true;
          return GARBLED;
        },
        ["put-object", "bkt", "garbled-big.bin", big],
      );
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stderr,
        `error: cannot upload ${big}: An error occurred (InvalidRequest) when calling the ` +
          "UploadPart operation: Value for x-amz-checksum-crc32 header is invalid.\n",
      );
      assert.equal(result.log.filter(isCreate).length, 1, "not started over");
      assert.equal(await exists("garbled-big.bin"), false);
      assert.deepEqual(await openUploads(), []);
    });
  } finally {
    s3.destroy();
    await Deno.remove(tmp, { recursive: true });
    await moto.stop();
  }
});
