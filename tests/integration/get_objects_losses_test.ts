// get-objects loses nothing silently: keys that share a local path, markers
// with content and keys that fail locally are named at the end (exit 1)
// while every other key is still written; get-object -o keeps an existing
// file's permissions and writes through a symlink.
import assert from "node:assert/strict";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { linesOf, runCli } from "../support/cli.ts";
import { motoEnv, startMoto } from "../support/moto.ts";
import { filesUnder, s3At } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const LONG = "l".repeat(251) + ".txt";
const TOO_LONG = "t".repeat(300);

Deno.test("get-objects names every key it does not write", async (t) => {
  const moto = await startMoto();
  const env = motoEnv(moto);
  const s3 = s3At(moto.endpoint);
  const tmp = await Deno.makeTempDir({ prefix: "s3c-losses-" });
  const cli = (args: string[]) => runCli([...args, "--endpoint-url", moto.endpoint], { env });
  const put = (bucket: string, key: string, body: string) =>
    s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: new TextEncoder().encode(body) }),
    );
  try {
    await s3.send(new CreateBucketCommand({ Bucket: "clash" }));
    await Promise.all([
      put("clash", "a/./b", "dot twin"),
      put("clash", "a/b", "plain"),
      put("clash", "d//x", "double slash"),
      put("clash", "d/x", "single slash"),
      put("clash", "folder/", "marker bytes"),
      put("clash", "empty/", ""),
      put("clash", ".", "dot bytes"),
      put("clash", "x/.", "x dot bytes"),
      put("clash", LONG, "long name"),
      put("clash", `${TOO_LONG}/k`, "name too long"),
      put("clash", "z.txt", "last"),
    ]);

    await t.step("collisions and markers with content are named, the rest is written", async () => {
      const out = `${tmp}/all`;
      const result = await cli(["get-objects", "clash", "-o", out]);
      assert.equal(result.code, 1, result.stderr);
      const lines = linesOf(result.stderr);
      // Counted: only what is to be written (a/b, d/x, empty/, the long name, the too long one, z).
      assert.equal(lines[0], "Downloading 43.0 bytes (6 files)");
      assert.equal(lines[1], "error: 6 of 11 keys not downloaded (5 downloaded):");
      // In listing order.
      assert.deepEqual(lines.slice(2, 6), [
        "Skipped: . (a directory marker with 9 bytes of content)",
        "Skipped: a/./b (same local path as a/b)",
        "Skipped: d//x (same local path as d/x)",
        "Skipped: folder/ (a directory marker with 12 bytes of content)",
      ]);
      assert.match(lines[6], new RegExp(`^Failed: ${TOO_LONG}/k \\(File name too long`));
      assert.equal(lines[7], "Skipped: x/. (a directory marker with 11 bytes of content)");
      assert.equal(lines.length, 8);
      assert.deepEqual(await filesUnder(out), [
        "a/",
        "a/b",
        "d/",
        "d/x",
        "empty/",
        LONG,
        "z.txt",
      ]);
      assert.equal(await Deno.readTextFile(`${out}/a/b`), "plain");
      assert.equal(await Deno.readTextFile(`${out}/d/x`), "single slash");
      assert.equal(await Deno.readTextFile(`${out}/${LONG}`), "long name");
    });

    await t.step("a named marker with content is named too (not listed, -s)", async () => {
      const out = `${tmp}/named`;
      const result = await cli(["get-objects", "clash", "folder/", "z.txt", "-o", out, "-s"]);
      assert.equal(result.code, 1);
      assert.deepEqual(linesOf(result.stderr), [
        "error: 1 of 2 keys not downloaded (1 downloaded):",
        "Skipped: folder/ (a directory marker with 12 bytes of content)",
      ]);
      assert.deepEqual(await filesUnder(out), ["z.txt"]);
    });

    await t.step("a local error of one key does not stop the others", async () => {
      const out = `${tmp}/blocked`;
      // A directory where a file must go.
      await Deno.mkdir(`${out}/z.txt`, { recursive: true });
      const result = await cli(["get-objects", "clash", "a/b", "z.txt", "d/x", "-o", out, "-s"]);
      assert.equal(result.code, 1);
      const lines = linesOf(result.stderr);
      assert.equal(lines[0], "error: 1 of 3 keys not downloaded (2 downloaded):");
      assert.match(lines[1], /^Failed: z\.txt \(Is a directory/);
      assert.equal(lines.length, 2);
      assert.deepEqual(await filesUnder(out), ["a/", "a/b", "d/", "d/x", "z.txt/"]);
    });

    await t.step("get-object -o keeps an existing file's mode", async () => {
      const path = `${tmp}/private.txt`;
      await Deno.writeTextFile(path, "old secret");
      await Deno.chmod(path, 0o600);
      const result = await cli(["get-object", "clash", "z.txt", "-o", path]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(await Deno.readTextFile(path), "last");
      assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    });

    await t.step("get-objects keeps the mode of files it replaces, at any depth", async () => {
      const out = `${tmp}/existing`;
      await Deno.mkdir(`${out}/d`, { recursive: true });
      for (const name of ["z.txt", "d/x"]) {
        await Deno.writeTextFile(`${out}/${name}`, "old secret");
        await Deno.chmod(`${out}/${name}`, 0o600);
      }
      const result = await cli(["get-objects", "clash", "a/b", "z.txt", "d/x", "-o", out, "-s"]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(await Deno.readTextFile(`${out}/z.txt`), "last");
      for (const name of ["z.txt", "d/x"]) {
        assert.equal((await Deno.stat(`${out}/${name}`)).mode! & 0o777, 0o600, name);
      }
      // A file in a directory the run made has the mode of any new file.
      const fresh = (await Deno.stat(`${out}/a/b`)).mode! & 0o777;
      await Deno.writeTextFile(`${tmp}/new.txt`, "");
      assert.equal(fresh, (await Deno.stat(`${tmp}/new.txt`)).mode! & 0o777);
    });

    await t.step("get-object -o writes through a symlink", async () => {
      await Deno.writeTextFile(`${tmp}/target.txt`, "old");
      await Deno.symlink(`${tmp}/target.txt`, `${tmp}/link.txt`);
      const result = await cli(["get-object", "clash", "a/b", "-o", `${tmp}/link.txt`]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal((await Deno.lstat(`${tmp}/link.txt`)).isSymlink, true);
      assert.equal(await Deno.readTextFile(`${tmp}/target.txt`), "plain");
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
