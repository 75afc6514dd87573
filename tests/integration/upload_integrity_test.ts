// End-to-end integrity of uploads: every part and single PUT carries its CRC32
// as a header; a part corrupted on the way is refused by a checking server and
// the upload leaves nothing behind; failures name the file and their real cause.
// Chain: CLI -> a front that corrupts or fails as told, then checks CRC32 as AWS does -> moto.
import assert from "node:assert/strict";
import { crc32 } from "node:zlib";
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
} from "@aws-sdk/client-s3";
import {
  type FrontFault,
  type FrontRequest,
  startChecksumVerifier,
} from "../support/checksum_verifier.ts";
import { motoEnv, startMoto } from "../support/moto.ts";
import { objectBytes, randomBytes, runCliBinary, s3At, sha256 } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const MiB = 1024 * 1024;

function crc32Base64(bytes: Uint8Array): string {
  const value = crc32(bytes) >>> 0;
  return btoa(
    String.fromCharCode(value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255),
  );
}

const partNumber = (request: FrontRequest) => request.url.searchParams.get("partNumber");

Deno.test("uploads: CRC32 on every part and PUT, corruption refused, failures named", async (t) => {
  const moto = await startMoto();
  let decide: (request: FrontRequest) => FrontFault = () => ({ kind: "pass" });
  const verifier = startChecksumVerifier(moto.endpoint, (request) => decide(request));
  const s3 = s3At(moto.endpoint);
  const tmp = await Deno.makeTempDir({ prefix: "s3c-integrity-" });
  const env = motoEnv(moto);
  const put = (key: string, path: string) =>
    runCliBinary(["put-object", "bkt", key, path, "-s", "--endpoint-url", verifier.url], env);
  const exists = (key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: "bkt", Key: key })).then(() => true, () => false);
  const openUploads = async () =>
    (await s3.send(new ListMultipartUploadsCommand({ Bucket: "bkt" }))).Uploads ?? [];
  try {
    await s3.send(new CreateBucketCommand({ Bucket: "bkt" }));
    await Deno.writeFile(`${tmp}/big.bin`, randomBytes(20 * MiB, 3));
    await Deno.writeFile(`${tmp}/small.bin`, randomBytes(1000, 4));

    await t.step("every part and single PUT is sent with its CRC32 header", async () => {
      verifier.log.length = 0;
      for (const name of ["big", "small"]) {
        const result = await put(`${name}.bin`, `${tmp}/${name}.bin`);
        assert.equal(result.code, 0, result.stderr);
      }
      const puts = verifier.log.filter((request) => request.method === "PUT");
      assert.equal(puts.length, 4, "3 parts and one PUT");
      for (const request of puts) {
        assert.equal(request.headers.get("x-amz-checksum-crc32"), crc32Base64(request.body));
      }
      const create = verifier.log.find((request) => request.url.searchParams.has("uploads"));
      assert.equal(create?.headers.get("x-amz-checksum-algorithm"), "CRC32");
      const complete = verifier.log.find((request) =>
        request.method === "POST" && request.url.searchParams.has("uploadId")
      );
      assert.equal(
        (new TextDecoder().decode(complete!.body).match(/<ChecksumCRC32>/g) ?? []).length,
        3,
        "CompleteMultipartUpload lists each part's checksum",
      );
      assert.deepEqual(verifier.refused, []);
    });

    await t.step(
      "a part corrupted in transit: refused, one error line, no object left",
      async () => {
        decide = (request) =>
          request.method === "PUT" && partNumber(request) === "2"
            ? { kind: "corrupt", offset: 12345 }
            : { kind: "pass" };
        const result = await put("corrupt.bin", `${tmp}/big.bin`);
        assert.equal(result.code, 1);
        assert.match(
          result.stderr,
          /^error: cannot upload \S+big\.bin: An error occurred \(BadDigest\) when calling the UploadPart operation: The CRC32 you specified did not match the calculated checksum\.\n$/,
        );
        assert.equal(result.stdout, "");
        assert.equal(verifier.refused.length, 1);
        assert.equal(await exists("corrupt.bin"), false);
        assert.deepEqual(await openUploads(), []);
      },
    );

    await t.step("a single PUT corrupted in transit is refused and stores nothing", async () => {
      decide = (request) =>
        request.method === "PUT" ? { kind: "corrupt", offset: 10 } : { kind: "pass" };
      const result = await put("corrupt-small.bin", `${tmp}/small.bin`);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /^error: .*\(BadDigest\) when calling the PutObject operation/);
      assert.equal(await exists("corrupt-small.bin"), false);
    });

    await t.step("a failed part: the error names the file and the part's failure", async () => {
      decide = (request) =>
        request.method === "PUT" && partNumber(request) === "2"
          ? { kind: "status", status: 403 }
          : { kind: "pass" };
      const result = await put("refused.bin", `${tmp}/big.bin`);
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /^error: cannot upload \S+big\.bin: An error occurred \(\w+\) when calling the UploadPart operation: [^\n]+\n$/,
      );
      assert.doesNotMatch(result.stderr, /AbortMultipartUpload/);
      assert.deepEqual(await openUploads(), []);
    });

    await t.step("an abort that fails too is named with its upload id", async () => {
      decide = (request) =>
        request.method === "PUT" && partNumber(request) === "2"
          ? { kind: "status", status: 403 }
          : request.method === "DELETE"
          ? { kind: "status", status: 403 }
          : { kind: "pass" };
      const result = await put("stuck.bin", `${tmp}/big.bin`);
      assert.equal(result.code, 1);
      const [upload] = await openUploads();
      assert.ok(upload?.UploadId, "the upload is still open");
      const id = upload.UploadId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      assert.match(
        result.stderr,
        new RegExp(
          `^error: cannot upload \\S+big\\.bin: An error occurred \\(\\w+\\) when calling the UploadPart operation: [^\\n]+; the multipart upload ${id} of stuck\\.bin could not be aborted \\([^\\n]*AbortMultipartUpload[^\\n]*\\); remove it with aws s3api abort-multipart-upload\\n$`,
        ),
      );
    });

    await t.step(
      "an endpoint that refuses checksum headers: one warning, then without",
      async () => {
        decide = (request) =>
          [...request.headers.keys()].some((name) => name.startsWith("x-amz-checksum-"))
            ? {
              kind: "status",
              status: 400,
              code: "InvalidArgument",
              message: "x-amz-checksum-crc32 is not supported",
            }
            : { kind: "pass" };
        for (const name of ["big", "small"]) {
          const result = await runCliBinary(
            [
              "put-object",
              "bkt",
              `plain-${name}.bin`,
              `${tmp}/${name}.bin`,
              "-s",
              "--endpoint-url",
              verifier.url,
            ],
            env,
          );
          assert.equal(result.code, 0, result.stderr);
          assert.match(
            result.stderr,
            /^warning: the endpoint refused CRC32 checksums \(An error occurred \(InvalidArgument\) when calling the (CreateMultipartUpload|PutObject) operation: x-amz-checksum-crc32 is not supported\); uploading without them\n$/,
          );
          const stored = await objectBytes(s3, "bkt", `plain-${name}.bin`);
          assert.equal(
            await sha256(stored),
            await sha256(await Deno.readFile(`${tmp}/${name}.bin`)),
          );
        }
      },
    );
    // put-objects sends its small files beside the SDK's stack (object-requests.ts): the same checks.
    await Deno.mkdir(`${tmp}/many`);
    await Deno.writeFile(`${tmp}/many/a.bin`, randomBytes(3000, 5));
    await Deno.writeFile(`${tmp}/many/b.bin`, randomBytes(5000, 6));
    const putMany = () =>
      runCliBinary(
        ["put-objects", "bkt", `${tmp}/many`, "-s", "--endpoint-url", verifier.url],
        env,
      );
    const storedExactly = async (name: string) =>
      await sha256(await objectBytes(s3, "bkt", `many/${name}`)) ===
        await sha256(await Deno.readFile(`${tmp}/many/${name}`));

    await t.step("put-objects: each small file's PUT carries its CRC32, bytes exact", async () => {
      decide = () => ({ kind: "pass" });
      verifier.log.length = 0;
      const result = await putMany();
      assert.equal(result.code, 0, result.stderr);
      const puts = verifier.log.filter((request) => request.method === "PUT");
      assert.equal(puts.length, 2);
      for (const request of puts) {
        assert.equal(request.headers.get("x-amz-checksum-crc32"), crc32Base64(request.body));
      }
      assert.ok(await storedExactly("a.bin") && await storedExactly("b.bin"));
    });

    await t.step(
      "put-objects: a small file corrupted in transit is refused and named",
      async () => {
        await s3.send(
          new DeleteObjectsCommand({
            Bucket: "bkt",
            Delete: { Objects: [{ Key: "many/a.bin" }, { Key: "many/b.bin" }] },
          }),
        );
        decide = (request) =>
          request.method === "PUT" && request.url.pathname.endsWith("/a.bin")
            ? { kind: "corrupt", offset: 10 }
            : { kind: "pass" };
        const result = await putMany();
        assert.equal(result.code, 1, result.stderr);
        assert.match(
          result.stderr,
          /a\.bin[^\n]*\(BadDigest\) when calling the PutObject operation/,
        );
        assert.equal(await exists("many/a.bin"), false);
        assert.ok(await storedExactly("b.bin"));
      },
    );

    await t.step("put-objects: an endpoint that refuses checksums gets one warning", async () => {
      decide = (request) =>
        [...request.headers.keys()].some((name) => name.startsWith("x-amz-checksum-"))
          ? {
            kind: "status",
            status: 400,
            code: "InvalidArgument",
            message: "x-amz-checksum-crc32 is not supported",
          }
          : { kind: "pass" };
      const result = await putMany();
      assert.equal(result.code, 0, result.stderr);
      assert.equal(
        (result.stderr.match(/^warning: the endpoint refused CRC32 checksums/gm) ?? []).length,
        1,
        result.stderr,
      );
      assert.ok(await storedExactly("a.bin") && await storedExactly("b.bin"));
    });
  } finally {
    s3.destroy();
    await verifier.close();
    await moto.stop();
    await Deno.remove(tmp, { recursive: true });
  }
});
