// put-objects and get-objects of many objects through a fault-injecting proxy in
// front of the emulator: a flaky server must not stop a transfer, and objects that
// always fail must not stop the others.
import assert from "node:assert/strict";
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { runCli, STACK_FRAME } from "../support/cli.ts";
import { type Fault, startFaultProxy } from "../support/fault_proxy.ts";
import { motoEnv, startMoto } from "../support/moto.ts";
import { objectBytes, s3At } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const COUNT = 201;
const names = Array.from({ length: COUNT }, (_, i) => `f${String(i).padStart(3, "0")}.txt`);
const contentOf = (name: string) => `${name} `.repeat(1 + names.indexOf(name) % 7);

const everySecond = (): (request: unknown) => Fault => {
  let count = 0;
  return () => count++ % 2 === 1 ? { kind: "status", status: 500 } : { kind: "pass" };
};

Deno.test("transfers of many objects survive a flaky server", async (t) => {
  const moto = await startMoto();
  const s3 = s3At(moto.endpoint);
  const env = motoEnv(moto);
  const tmp = await Deno.makeTempDir({ prefix: "s3c-faults-" });
  const throughProxy = async (decide: (request: { target: string }) => Fault, args: string[]) => {
    const proxy = startFaultProxy(moto.endpoint, decide);
    try {
      // Pauses between attempts (and time limits) shrunk ten times: 20 attempts take seconds.
      const result = await runCli([...args, "--endpoint-url", proxy.url], {
        env: { ...env, AWS_ENDPOINT_URL: proxy.url, S3_CREDENTIALS_TEST_TIME_SCALE: "0.1" },
      });
      return { ...result, failures: proxy.log.filter((e) => e.fault === "status").length };
    } finally {
      await proxy.close();
    }
  };
  const keysOf = async (bucket: string) =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) =>
      o.Key!
    );
  try {
    await Deno.mkdir(`${tmp}/many`);
    for (const name of names) await Deno.writeTextFile(`${tmp}/many/${name}`, contentOf(name));

    await t.step("put-objects: 201 files with 500 on every second request", async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "uploads" }));
      const result = await throughProxy(everySecond(), [
        "put-objects",
        "uploads",
        `${tmp}/many`,
        "-s",
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "");
      assert.ok(result.failures >= COUNT / 2, `only ${result.failures} faults injected`);
      assert.deepEqual(await keysOf("uploads"), names.map((name) => `many/${name}`));
      for (const name of names) {
        const stored = new TextDecoder().decode(await objectBytes(s3, "uploads", `many/${name}`));
        assert.equal(stored, contentOf(name), name);
      }
    });

    await t.step("get-objects: 201 objects with 500 on every second request", async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "downloads" }));
      for (const name of names) {
        await s3.send(
          new PutObjectCommand({ Bucket: "downloads", Key: name, Body: contentOf(name) }),
        );
      }
      const out = `${tmp}/downloaded`;
      const result = await throughProxy(everySecond(), [
        "get-objects",
        "downloads",
        "-o",
        out,
        "-s",
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "");
      assert.ok(result.failures >= COUNT / 2, `only ${result.failures} faults injected`);
      const written = [...Deno.readDirSync(out)].map((entry) => entry.name).sort();
      assert.deepEqual(written, names);
      for (const name of names) {
        assert.equal(Deno.readTextFileSync(`${out}/${name}`), contentOf(name));
      }
    });

    await t.step("put-objects: files that always fail are named, the others upload", async () => {
      await s3.send(new CreateBucketCommand({ Bucket: "partly" }));
      const dir = `${tmp}/partly`;
      await Deno.mkdir(dir);
      const good = ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"];
      for (const name of [...good, "bad-1.txt", "bad-2.txt"]) {
        await Deno.writeTextFile(`${dir}/${name}`, name);
      }
      const result = await throughProxy(
        (request) =>
          request.target.includes("bad") ? { kind: "status", status: 500 } : { kind: "pass" },
        ["put-objects", "partly", dir, "-s"],
      );
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stdout, "");
      assert.doesNotMatch(result.stderr, STACK_FRAME);
      assert.equal(
        result.stderr,
        "error: 2 of 7 files failed to upload (5 uploaded):\n" +
          `  ${dir}/bad-1.txt: An error occurred (InternalError) when calling the PutObject operation: injected fault\n` +
          `  ${dir}/bad-2.txt: An error occurred (InternalError) when calling the PutObject operation: injected fault\n`,
      );
      assert.deepEqual(await keysOf("partly"), good.map((name) => `partly/${name}`));
    });
  } finally {
    s3.destroy();
    await Deno.remove(tmp, { recursive: true });
    await moto.stop();
  }
});

// Tests run as root, which reads anything: the CLI runs without the capabilities that
// bypass file modes, so a mode of 000 denies it as it would deny a user.
const WITHOUT_DAC_OVERRIDE = [
  "setpriv",
  "--inh-caps=-dac_override,-dac_read_search",
  "--bounding-set=-dac_override,-dac_read_search",
];

Deno.test("put-objects: unreadable paths stop the run before any upload; non-files skipped", async () => {
  const moto = await startMoto();
  const s3 = s3At(moto.endpoint);
  const tmp = await Deno.makeTempDir({ prefix: "s3c-scan-" });
  const cli = (args: string[]) =>
    runCli([...args, "--endpoint-url", moto.endpoint, "-s"], {
      env: motoEnv(moto),
      wrapper: WITHOUT_DAC_OVERRIDE,
    });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: "scanned" }));
    const dir = `${tmp}/tree`;
    await Deno.mkdir(`${dir}/locked`, { recursive: true });
    await Deno.mkdir(`${dir}/open`);
    for (const name of ["a.txt", "secret.txt", "open/b.txt", "locked/c.txt"]) {
      await Deno.writeTextFile(`${dir}/${name}`, name);
    }
    await Deno.symlink(`${dir}/gone.txt`, `${dir}/dangling.txt`);
    const fifo = await new Deno.Command("mkfifo", { args: [`${dir}/pipe`] }).output();
    assert.ok(fifo.success);
    await Deno.chmod(`${dir}/secret.txt`, 0o000);
    await Deno.chmod(`${dir}/locked`, 0o000);
    const skipped = `skipped ${dir}/dangling.txt: a dangling symlink\n` +
      `skipped ${dir}/pipe: a named pipe (FIFO)\n`;
    const unreadable = "error: 2 paths cannot be read; nothing was uploaded:\n" +
      `  ${dir}/locked: directory not readable: permission denied\n` +
      `  ${dir}/secret.txt: permission denied\n`;

    const dryRun = await cli(["put-objects", "scanned", dir, "--dry-run"]);
    assert.equal(dryRun.code, 1, dryRun.stderr);
    assert.equal(
      dryRun.stdout,
      `${dir}/a.txt => s3://scanned/tree/a.txt\n${dir}/open/b.txt => s3://scanned/tree/open/b.txt\n`,
    );
    assert.equal(dryRun.stderr, skipped + unreadable);

    const run = await cli(["put-objects", "scanned", dir]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, "");
    assert.equal(run.stderr, skipped + unreadable);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: "scanned" }));
    assert.deepEqual(listed.Contents ?? [], [], "nothing uploaded");

    await Deno.chmod(`${dir}/secret.txt`, 0o644);
    await Deno.chmod(`${dir}/locked`, 0o755);
    const readable = await cli(["put-objects", "scanned", dir]);
    assert.equal(readable.code, 0, readable.stderr);
    assert.equal(readable.stderr, skipped);
    const keys = (await s3.send(new ListObjectsV2Command({ Bucket: "scanned" }))).Contents?.map((
      o,
    ) => o.Key);
    assert.deepEqual(keys, [
      "tree/a.txt",
      "tree/locked/c.txt",
      "tree/open/b.txt",
      "tree/secret.txt",
    ]);
  } finally {
    s3.destroy();
    await Deno.chmod(`${tmp}/tree/locked`, 0o755).catch(() => {});
    await Deno.remove(tmp, { recursive: true });
    await moto.stop();
  }
});
