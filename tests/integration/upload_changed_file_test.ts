// A file that changes while its multipart upload reads it fails the upload and
// stores nothing. The change is made by the fault proxy when the first part
// arrives: by then at most four of the file's five parts have been read.
import assert from "node:assert/strict";
import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
} from "@aws-sdk/client-s3";
import { STACK_FRAME } from "../support/cli.ts";
import { type Fault, type ProxiedRequest, startFaultProxy } from "../support/fault_proxy.ts";
import { motoEnv, startMoto } from "../support/moto.ts";
import { randomBytes, runCliBinary, s3At } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const MiB = 1024 * 1024;
/** Five parts of 8 MiB: four in flight, the fifth read only once one is sent. */
const SIZE = 33 * MiB;
const CONTENT = randomBytes(SIZE, 7);

const isPart = (request: ProxiedRequest) =>
  request.method === "PUT" && /[?&]partNumber=/.test(request.target);

/** Changes the file at `path` once, when the first part reaches the proxy. */
function onFirstPart(change: () => void): (request: ProxiedRequest) => Fault {
  let changed = false;
  return (request) => {
    if (isPart(request) && !changed) {
      changed = true;
      change();
    }
    return { kind: "pass" };
  };
}

/** Ways a file changes under an upload. */
const CHANGES: Record<string, (path: string) => void> = {
  "truncated to 10 MB": (path) => Deno.truncateSync(path, 10_000_000),
  "grown by 1 MiB": (path) => Deno.writeFileSync(path, randomBytes(MiB, 8), { append: true }),
  "rewritten in place, same size": (path) => {
    const file = Deno.openSync(path, { write: true });
    try {
      file.writeSync(new Uint8Array(4096).fill(1));
    } finally {
      file.close();
    }
  },
};

Deno.test("uploads of a file that changes while it is read fail and store nothing", async (t) => {
  const moto = await startMoto();
  const s3 = s3At(moto.endpoint);
  const env = motoEnv(moto);
  const tmp = await Deno.makeTempDir({ prefix: "s3c-changed-" });
  const exists = (key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: "bkt", Key: key })).then(() => true, () => false);
  const openUploads = async () =>
    (await s3.send(new ListMultipartUploadsCommand({ Bucket: "bkt" }))).Uploads ?? [];
  /** Writes the file afresh, its modification time well in the past (a rewrite must show). */
  const freshFile = async (path: string) => {
    await Deno.writeFile(path, CONTENT);
    await Deno.utime(path, new Date("2020-01-01"), new Date("2020-01-01"));
  };
  const through = async (decide: (request: ProxiedRequest) => Fault, args: string[]) => {
    const proxy = startFaultProxy(moto.endpoint, decide);
    try {
      return await runCliBinary([...args, "-s", "--endpoint-url", proxy.url], env);
    } finally {
      await proxy.close();
    }
  };
  try {
    await s3.send(new CreateBucketCommand({ Bucket: "bkt" }));

    for (const [name, change] of Object.entries(CHANGES)) {
      await t.step(`put-object: a file ${name} during the upload`, async () => {
        const path = `${tmp}/big.bin`;
        await freshFile(path);
        const key = name.replaceAll(" ", "-");
        const result = await through(onFirstPart(() => change(path)), [
          "put-object",
          "bkt",
          key,
          path,
        ]);
        assert.equal(result.code, 1, result.stderr);
        assert.equal(result.stdout, "");
        assert.equal(
          result.stderr,
          `error: cannot upload ${path}: it changed while it was being read\n`,
        );
        assert.doesNotMatch(result.stderr, STACK_FRAME);
        assert.equal(await exists(key), false, "no object stored");
        assert.deepEqual(await openUploads(), [], "the multipart upload was aborted");
      });
    }

    await t.step("put-objects: the changed file is listed, the others upload", async () => {
      const dir = `${tmp}/tree`;
      await Deno.mkdir(dir);
      await freshFile(`${dir}/big.bin`);
      await Deno.writeTextFile(`${dir}/small.txt`, "small");
      const result = await through(
        onFirstPart(() => Deno.truncateSync(`${dir}/big.bin`, 10_000_000)),
        ["put-objects", "bkt", dir],
      );
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stderr,
        "error: 1 of 2 files failed to upload (1 uploaded):\n" +
          `  ${dir}/big.bin: it changed while it was being read\n`,
      );
      assert.equal(await exists("tree/small.txt"), true);
      assert.equal(await exists("tree/big.bin"), false);
      assert.deepEqual(await openUploads(), []);
    });

    await t.step("a file left alone still uploads (the check is not a false alarm)", async () => {
      const path = `${tmp}/still.bin`;
      await freshFile(path);
      const result = await through(() => ({ kind: "pass" }), ["put-object", "bkt", "still", path]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(await exists("still"), true);
    });
  } finally {
    s3.destroy();
    await Deno.remove(tmp, { recursive: true });
    await moto.stop();
  }
});
