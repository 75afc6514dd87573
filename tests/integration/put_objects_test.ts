// put-object and put-objects against the moto emulator: keys, Content-Types,
// exact bytes around the multipart threshold, standard input, dry runs, errors.
import assert from "node:assert/strict";
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { linesOf, runCli, STACK_FRAME } from "../support/cli.ts";
import { motoEnv, startMoto } from "../support/moto.ts";
import { objectBytes, randomBytes, runCliBinary, s3At, sha256 } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const PART = 8 * 1024 * 1024;

Deno.test("put-object and put-objects against the emulator", async (t) => {
  const moto = await startMoto();
  const env = motoEnv(moto);
  const s3 = s3At(moto.endpoint);
  const tmp = await Deno.makeTempDir({ prefix: "s3c-put-" });
  const cli = (args: string[], options: { stdin?: string; cwd?: string } = {}) =>
    runCli([...args, "--endpoint-url", moto.endpoint], { env, ...options });
  const keysOf = async (bucket: string) =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) =>
      o.Key!
    );
  const contentType = async (bucket: string, key: string) =>
    (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentType;
  try {
    for (const bucket of ["files", "sizes", "tree", "dots"]) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }
    await Deno.writeTextFile(`${tmp}/hello.txt`, "hello");
    await Deno.writeTextFile(`${tmp}/page.html`, "<p>hi</p>");

    await t.step("put-object: a file, Content-Type from its extension, label only", async () => {
      const result = await cli(["put-object", "files", "greeting", `${tmp}/hello.txt`]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "");
      assert.equal(result.stderr, "Uploading\n");
      assert.equal(new TextDecoder().decode(await objectBytes(s3, "files", "greeting")), "hello");
      assert.equal(await contentType("files", "greeting"), "text/plain");
    });

    await t.step("put-object: --content-type wins; -s prints nothing", async () => {
      const result = await cli([
        "put-object",
        "files",
        "page.txt",
        `${tmp}/page.html`,
        "--content-type",
        "application/x-custom",
        "-s",
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "");
      assert.equal(await contentType("files", "page.txt"), "application/x-custom");
      const guessed = await cli(["put-object", "files", "page.txt", `${tmp}/page.html`, "-s"]);
      assert.equal(guessed.code, 0, guessed.stderr);
      assert.equal(await contentType("files", "page.txt"), "text/html", "the file decides");
    });

    await t.step("put-object: standard input, with and without --content-type", async () => {
      const plain = await cli(["put-object", "files", "from-stdin.txt", "-"], {
        stdin: "piped text\n",
      });
      assert.equal(plain.code, 0, plain.stderr);
      assert.equal(
        new TextDecoder().decode(await objectBytes(s3, "files", "from-stdin.txt")),
        "piped text\n",
      );
      assert.notEqual(await contentType("files", "from-stdin.txt"), "text/plain", "no guessing");
      const typed = await cli(["put-object", "files", "typed", "-", "--content-type", "text/csv"], {
        stdin: "a,b\n",
      });
      assert.equal(typed.code, 0, typed.stderr);
      assert.equal(await contentType("files", "typed"), "text/csv");
      const empty = await cli(["put-object", "files", "empty", "-", "-s"], { stdin: "" });
      assert.equal(empty.code, 0, empty.stderr);
      assert.equal((await objectBytes(s3, "files", "empty")).length, 0);
    });

    await t.step("binary files around the multipart threshold keep their bytes", async () => {
      const sizes = [0, 1, PART, PART + 1];
      const results = await Promise.all(sizes.map(async (size, i) => {
        const bytes = randomBytes(size, i + 7);
        await Deno.writeFile(`${tmp}/blob-${size}.bin`, bytes);
        const result = await cli([
          "put-object",
          "sizes",
          `blob-${size}`,
          `${tmp}/blob-${size}.bin`,
        ]);
        return { size, bytes, result };
      }));
      for (const { size, bytes, result } of results) {
        assert.equal(result.code, 0, result.stderr);
        const stored = await objectBytes(s3, "sizes", `blob-${size}`);
        assert.equal(stored.length, size);
        assert.equal(await sha256(stored), await sha256(bytes), `blob-${size}`);
        const head = await s3.send(new HeadObjectCommand({ Bucket: "sizes", Key: `blob-${size}` }));
        // Larger than one part: a multipart upload of 8 MiB parts (its ETag ends in -parts).
        const parts = size > PART ? Math.ceil(size / PART) : 0;
        if (parts) assert.match(head.ETag!, new RegExp(`-${parts}"$`), `blob-${size}`);
        else assert.doesNotMatch(head.ETag!, /-\d+"$/, `blob-${size}`);
        assert.equal(head.ContentType, "application/octet-stream");
      }
    });

    await t.step("a large binary standard input is streamed up in parts, bytes exact", async () => {
      const size = 2 * PART + 3;
      const bytes = randomBytes(size, 99);
      await Deno.writeFile(`${tmp}/stdin.bin`, bytes);
      const result = await runCliBinary(
        ["put-object", "sizes", "stdin-big", "-", "--endpoint-url", moto.endpoint],
        env,
        `${tmp}/stdin.bin`,
      );
      assert.equal(result.code, 0, result.stderr);
      const stored = await objectBytes(s3, "sizes", "stdin-big");
      assert.equal(stored.length, size);
      assert.equal(await sha256(stored), await sha256(bytes));
      const head = await s3.send(new HeadObjectCommand({ Bucket: "sizes", Key: "stdin-big" }));
      assert.match(head.ETag!, /-3"$/);
    });

    // A tree: nested files, a hidden file, a symlink to a file (uploaded) and one to a
    // directory (not entered).
    const tree = `${tmp}/work/tree`;
    await Deno.mkdir(`${tree}/sub/deeper`, { recursive: true });
    await Deno.mkdir(`${tmp}/elsewhere`);
    await Deno.writeTextFile(`${tmp}/elsewhere/x.txt`, "x");
    await Deno.writeTextFile(`${tree}/a.txt`, "aaa");
    await Deno.writeTextFile(`${tree}/.hidden`, "h");
    await Deno.writeTextFile(`${tree}/sub/b.json`, "{}");
    await Deno.writeTextFile(`${tree}/sub/deeper/c.css`, "p{}");
    await Deno.symlink(`${tree}/a.txt`, `${tree}/link.txt`);
    await Deno.symlink(`${tmp}/elsewhere`, `${tree}/linked-dir`);
    await Deno.writeTextFile(`${tmp}/work/top.html`, "<b>");
    const treeKeys = [
      "tree/.hidden",
      "tree/a.txt",
      "tree/link.txt",
      "tree/sub/b.json",
      "tree/sub/deeper/c.css",
    ];

    await t.step("put-objects --dry-run prints the plan and uploads nothing", async () => {
      const result = await cli(
        ["put-objects", "tree", "./tree/", "top.html", "--prefix", "pre", "--dry-run"],
        { cwd: `${tmp}/work` },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "");
      assert.deepEqual(linesOf(result.stdout), [
        "tree/.hidden => s3://tree/pre/tree/.hidden",
        "tree/a.txt => s3://tree/pre/tree/a.txt",
        "tree/link.txt => s3://tree/pre/tree/link.txt",
        "tree/sub/b.json => s3://tree/pre/tree/sub/b.json",
        "tree/sub/deeper/c.css => s3://tree/pre/tree/sub/deeper/c.css",
        "top.html => s3://tree/pre/top.html",
      ]);
      assert.deepEqual(await keysOf("tree"), []);
    });

    await t.step("put-objects uploads a tree and a file, each with its Content-Type", async () => {
      const result = await cli(["put-objects", "tree", tree, `${tmp}/work/top.html`]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "");
      assert.equal(result.stderr, "Uploading 15.0 bytes (6 files)\n");
      assert.deepEqual(await keysOf("tree"), [...treeKeys, "top.html"].sort());
      assert.equal(new TextDecoder().decode(await objectBytes(s3, "tree", "tree/link.txt")), "aaa");
      assert.equal(await contentType("tree", "tree/sub/b.json"), "application/json");
      assert.equal(await contentType("tree", "tree/sub/deeper/c.css"), "text/css");
      assert.equal(await contentType("tree", "top.html"), "text/html");
    });

    await t.step(
      "put-objects --prefix: one slash, no leading slash; -s; --concurrency 1",
      async () => {
        for (const prefix of ["/x", "y/"]) {
          const result = await cli(
            ["put-objects", "tree", "top.html", "--prefix", prefix, "-s", "--concurrency", "1"],
            { cwd: `${tmp}/work` },
          );
          assert.equal(result.code, 0, result.stderr);
          assert.equal(result.stderr, "");
        }
        const keys = await keysOf("tree");
        assert.ok(keys.includes("x/top.html") && keys.includes("y/top.html"), keys.join(" "));
        assert.ok(!keys.some((key) => key.startsWith("/")));
      },
    );

    await t.step("put-objects . and ..: no key contains ..", async () => {
      const dot = await cli(["put-objects", "dots", ".", "--prefix", "dot", "-s"], {
        cwd: `${tree}/sub`,
      });
      assert.equal(dot.code, 0, dot.stderr);
      const up = await cli(["put-objects", "dots", "..", "--prefix", "up", "-s"], {
        cwd: `${tree}/sub`,
      });
      assert.equal(up.code, 0, up.stderr);
      const keys = await keysOf("dots");
      assert.deepEqual(keys, [
        "dot/b.json",
        "dot/deeper/c.css",
        ...treeKeys.map((key) => `up/${key}`),
      ]);
    });

    await t.step("put-objects: a missing path fails before anything uploads", async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "untouched" }));
      const result = await cli(["put-objects", "untouched", tree, `${tmp}/nope.txt`]);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, "");
      assert.equal(
        result.stderr,
        `error: Invalid value for 'OBJECTS': File '${tmp}/nope.txt' does not exist.\n`,
      );
      assert.deepEqual(await keysOf("untouched"), []);
    });

    await t.step("a missing bucket: one error line, exit 1", async () => {
      const results = await Promise.all([
        cli(["put-object", "no-such-bucket", "k", `${tmp}/hello.txt`, "-s"]),
        cli(["put-object", "no-such-bucket", "k", `${tmp}/blob-${PART + 1}.bin`, "-s"]),
        cli(["put-objects", "no-such-bucket", tree, "-s"]),
      ]);
      for (const result of results) {
        assert.equal(result.code, 1);
        assert.equal(result.stdout, "");
        assert.match(
          result.stderr,
          /^error: An error occurred \(NoSuchBucket\) when calling the (PutObject|CreateMultipartUpload) operation: The specified bucket does not exist\n$/,
        );
        assert.doesNotMatch(result.stderr, STACK_FRAME);
      }
    });
  } finally {
    s3.destroy();
    await moto.stop();
    await Deno.remove(tmp, { recursive: true });
  }
});
