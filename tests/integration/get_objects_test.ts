// get-object and get-objects against the moto emulator: streamed bytes, output
// files written whole or not at all, patterns, missing keys, refused keys.
import assert from "node:assert/strict";
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { linesOf, runCli, STACK_FRAME } from "../support/cli.ts";
import { motoEnv, startMoto } from "../support/moto.ts";
import { filesUnder, randomBytes, runCliBinary, s3At, sha256 } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const PART = 8 * 1024 * 1024;

Deno.test("get-object and get-objects against the emulator", async (t) => {
  const moto = await startMoto();
  const env = motoEnv(moto);
  const s3 = s3At(moto.endpoint);
  const tmp = await Deno.makeTempDir({ prefix: "s3c-get-" });
  const cli = (args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) =>
    runCli([...args, "--endpoint-url", moto.endpoint], {
      cwd: options.cwd,
      env: { ...env, ...options.env },
    });
  const put = (bucket: string, key: string, body: string | Uint8Array) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const read = (path: string) => Deno.readTextFile(path);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: "bkt" }));
    await s3.send(new CreateBucketCommand({ Bucket: "evil" }));
    const big = randomBytes(2 * PART + 11, 5);
    await Promise.all([
      put("bkt", "hello.txt", "hello"),
      put("bkt", "tree/a.txt", "aaa"),
      put("bkt", "tree/sub/b.json", "{}"),
      put("bkt", "tree/c.bin", new Uint8Array([0, 255, 10, 13, 0])),
      put("bkt", "folder/", new Uint8Array(0)),
      put("bkt", "folder/x.txt", "x"),
      put("bkt", "big.bin", big),
      // Planted keys that try to leave the output directory.
      put("evil", "../evil.txt", "bad"),
      put("evil", "/abs.txt", "bad"),
      put("evil", "a/../../evil2.txt", "bad"),
      put("evil", "fine.txt", "ok"),
    ]);

    await t.step("get-object streams to stdout, bytes exact, nothing else printed", async () => {
      const result = await cli(["get-object", "bkt", "tree/a.txt"]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "aaa");
      assert.equal(result.stderr, "");
      const output = await runCliBinary(
        ["get-object", "bkt", "big.bin", "--endpoint-url", moto.endpoint],
        env,
      );
      assert.equal(output.code, 0, output.stderr);
      assert.equal(output.bytes.length, big.length);
      assert.equal(await sha256(output.bytes), await sha256(big));
    });

    await t.step("get-object -o writes the file; - is stdout", async () => {
      const result = await cli(["get-object", "bkt", "big.bin", "-o", `${tmp}/big.bin`]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "");
      assert.equal(await sha256(await Deno.readFile(`${tmp}/big.bin`)), await sha256(big));
      const dash = await cli(["get-object", "bkt", "hello.txt", "-o", "-"]);
      assert.equal(dash.stdout, "hello");
      await Deno.writeTextFile(`${tmp}/existing.txt`, "old content that is longer");
      const over = await cli(["get-object", "bkt", "hello.txt", "--output", `${tmp}/existing.txt`]);
      assert.equal(over.code, 0, over.stderr);
      assert.equal(await read(`${tmp}/existing.txt`), "hello");
    });

    await t.step("get-object of a missing key or bucket: one line, no file left", async () => {
      const dir = `${tmp}/missing`;
      await Deno.mkdir(dir);
      const [key, bucket] = await Promise.all([
        cli(["get-object", "bkt", "nope.txt", "-o", `${dir}/out.txt`]),
        cli(["get-object", "no-such-bucket", "k", "-o", `${dir}/out2.txt`]),
      ]);
      assert.equal(key.code, 1);
      assert.equal(
        key.stderr,
        "error: An error occurred (NoSuchKey) when calling the GetObject operation: " +
          "The specified key does not exist.\n",
      );
      assert.equal(bucket.code, 1);
      assert.match(bucket.stderr, /^error: An error occurred \(NoSuchBucket\) .*\n$/);
      assert.doesNotMatch(key.stderr + bucket.stderr, STACK_FRAME);
      assert.deepEqual(await filesUnder(dir), []);
    });

    await t.step("get-objects: everything, at the keys' paths, label once", async () => {
      const out = `${tmp}/all`;
      const result = await cli(["get-objects", "bkt", "-o", out]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "");
      assert.equal(result.stderr, `Downloading 16.0 MB (7 files)\n`);
      assert.deepEqual(await filesUnder(out), [
        "big.bin",
        "folder/",
        "folder/x.txt",
        "hello.txt",
        "tree/",
        "tree/a.txt",
        "tree/c.bin",
        "tree/sub/",
        "tree/sub/b.json",
      ]);
      assert.deepEqual(
        await Deno.readFile(`${out}/tree/c.bin`),
        new Uint8Array([0, 255, 10, 13, 0]),
      );
      assert.equal(await sha256(await Deno.readFile(`${out}/big.bin`)), await sha256(big));
      assert.equal(await read(`${out}/folder/x.txt`), "x");
    });

    await t.step("get-objects: named keys and patterns, each key once, -s silent", async () => {
      const out = `${tmp}/some`;
      const result = await cli([
        "get-objects",
        "bkt",
        "hello.txt",
        "tree/a.txt",
        "-p",
        "*.txt",
        "-p",
        "tree/*",
        "-o",
        out,
        "-s",
        "--concurrency",
        "2",
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "");
      assert.deepEqual(await filesUnder(out), [
        "folder/",
        "folder/x.txt",
        "hello.txt",
        "tree/",
        "tree/a.txt",
        "tree/c.bin",
        "tree/sub/",
        "tree/sub/b.json",
      ]);
      const label = await cli(["get-objects", "bkt", "hello.txt", "-p", "?ello.txt", "-o", out]);
      assert.equal(label.stderr, "Downloading 5.0 bytes (1 file)\n", "counted and fetched once");
    });

    await t.step("get-objects: ? is one character; named keys only are not listed", async () => {
      const out = `${tmp}/one`;
      const result = await cli(["get-objects", "bkt", "-p", "tree/?.txt", "-o", out, "-s"]);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await filesUnder(out), ["tree/", "tree/a.txt"]);
      const named = await cli(["get-objects", "bkt", "tree/sub/b.json", "-o", out]);
      assert.equal(named.stderr, "Downloading 2.0 bytes (1 file)\n");
      assert.equal(await read(`${out}/tree/sub/b.json`), "{}");
    });

    await t.step("get-objects: missing keys are reported together at the end", async () => {
      const out = `${tmp}/partly`;
      const result = await cli(
        ["get-objects", "bkt", "nope.txt", "hello.txt", "gone/x.txt", "-o", out],
      );
      assert.equal(result.code, 1);
      assert.deepEqual(linesOf(result.stderr), [
        "Downloading 5.0 bytes (3 files)",
        "error: 2 of 3 keys not downloaded (1 downloaded):",
        "Not found: nope.txt",
        "Not found: gone/x.txt",
      ]);
      assert.deepEqual(await filesUnder(out), ["hello.txt"], "no directory for a failed key");
    });

    await t.step("get-objects defaults to the current directory", async () => {
      const cwd = `${tmp}/cwd`;
      await Deno.mkdir(cwd);
      const result = await cli(["get-objects", "bkt", "hello.txt", "-s"], { cwd });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await filesUnder(cwd), ["hello.txt"]);
    });

    await t.step("keys that would leave the output directory are refused", async () => {
      const base = `${tmp}/jail`;
      const out = `${base}/out/deep`;
      const result = await cli(["get-objects", "evil", "-o", out, "-s"]);
      assert.equal(result.code, 1);
      // In listing order (S3 sorts keys by their bytes).
      assert.deepEqual(linesOf(result.stderr), [
        "error: 3 of 4 keys not downloaded (1 downloaded):",
        "Refused: ../evil.txt (it contains a '..' segment)",
        "Refused: /abs.txt (it is an absolute path)",
        "Refused: a/../../evil2.txt (it contains a '..' segment)",
      ]);
      assert.deepEqual(await filesUnder(base), ["out/", "out/deep/", "out/deep/fine.txt"]);
      await assert.rejects(Deno.stat("/abs.txt"));
    });

    await t.step("a key that is 403 is reported as access denied, not as missing", async () => {
      const admin = await moto.enableAuth();
      try {
        const iam = new IAMClient({
          endpoint: moto.endpoint,
          region: "us-east-1",
          credentials: admin,
        });
        await iam.send(new CreateUserCommand({ UserName: "reader" }));
        await iam.send(
          new PutUserPolicyCommand({
            UserName: "reader",
            PolicyName: "all-but-a",
            PolicyDocument: JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                { Effect: "Allow", Action: "s3:*", Resource: "*" },
                { Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::bkt/tree/a.txt" },
              ],
            }),
          }),
        );
        const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "reader" }));
        iam.destroy();
        const out = `${tmp}/denied`;
        const result = await cli(["get-objects", "bkt", "-p", "tree/*", "-o", out, "-s"], {
          env: {
            AWS_ACCESS_KEY_ID: AccessKey!.AccessKeyId!,
            AWS_SECRET_ACCESS_KEY: AccessKey!.SecretAccessKey!,
          },
        });
        assert.equal(result.code, 1);
        assert.match(
          result.stderr,
          /^error: 1 of 3 keys not downloaded \(2 downloaded\):\nFailed: tree\/a\.txt \(An error occurred \(AccessDenied\) when calling the GetObject operation: .+\)\n$/,
        );
        assert.deepEqual(await filesUnder(out), [
          "tree/",
          "tree/c.bin",
          "tree/sub/",
          "tree/sub/b.json",
        ]);
      } finally {
        await moto.disableAuth();
      }
    });

    await t.step("get-objects of a missing bucket: one line, no directory made", async () => {
      const out = `${tmp}/never`;
      const [listed, named] = await Promise.all([
        cli(["get-objects", "no-such-bucket", "-o", out]),
        cli(["get-objects", "no-such-bucket", "k.txt", "-o", out, "-s"]),
      ]);
      assert.equal(listed.code, 1);
      assert.equal(
        listed.stderr,
        "error: An error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: " +
          "The specified bucket does not exist\n",
      );
      assert.equal(named.code, 1);
      assert.match(
        named.stderr,
        /^error: An error occurred \(NoSuchBucket\) when calling the GetObject operation/,
      );
      await assert.rejects(Deno.stat(out), Deno.errors.NotFound);
    });

    await t.step("no temporary files are left anywhere", async () => {
      const leftovers = (await filesUnder(tmp)).filter((path) => path.includes(".s3c-part"));
      assert.deepEqual(leftovers, []);
    });
  } finally {
    s3.destroy();
    await moto.stop();
    await Deno.remove(tmp, { recursive: true });
  }
});
