// The single-file bundle, run the way the README tells users to: from an empty
// directory with an empty Deno cache, no config, and exactly the README's
// permission flags (no -A). A permission the program needs and the flags lack
// fails these tests.
import assert from "node:assert/strict";
import { COMMANDS } from "../../lib/cli/registry.ts";
import { HELPER_FROM } from "../../lib/transfer/get-objects.ts";
import { startNullS3 } from "../../scripts/null-s3.ts";
import { runFlags } from "../../scripts/permissions.ts";
import { hasWorkerThread, runCli, threadNames } from "../support/cli.ts";
import { fakeCredentials, startMoto } from "../support/moto.ts";

const root = new URL("../../", import.meta.url).pathname;

/** The flags of the README's `deno run ... s3-credentials.js` line, with $HOME expanded. */
async function readmeFlags(home: string): Promise<string[]> {
  const readme = await Deno.readTextFile(`${root}README.md`);
  const line = readme.split("\n").find((l) => /^deno run .*s3-credentials\.js\b/.test(l));
  assert.ok(line, "the README has a deno run line for the bundle");
  const flags = line.slice("deno run ".length, line.indexOf(" https://")).split(" ");
  return flags.map((flag) => flag.replaceAll(/["']/g, "").replaceAll("$HOME", home));
}

Deno.test("the bundle runs from an empty cache with the README's permissions", async (t) => {
  const work = await Deno.makeTempDir({ prefix: "s3c-bundle-" });
  const moto = await startMoto();
  try {
    const bundle = `${work}/s3-credentials.js`;
    const built = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${root}scripts/bundle.ts`, bundle],
      cwd: root,
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.ok(built.success, new TextDecoder().decode(built.stderr));
    const home = `${work}/home`;
    await Deno.mkdir(`${home}/.aws`, { recursive: true });
    const flags = await readmeFlags(home);
    assert.deepEqual(flags, runFlags(home), "README and scripts/permissions.ts agree");

    /** The bundle at `program` (its path or URL) with the README's flags and `moreFlags`. */
    const spawn = (
      program: string,
      args: string[],
      env: Record<string, string>,
      moreFlags: string[],
      stdin: "piped" | "null",
    ) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-config", ...flags, ...moreFlags, program, ...args],
        cwd: work,
        clearEnv: true,
        env: {
          PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
          HOME: home,
          DENO_DIR: `${work}/deno-dir`,
          AWS_EC2_METADATA_DISABLED: "true",
          ...env,
        },
        stdin,
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    const run = async (
      args: string[],
      env: Record<string, string> = {},
      input?: Uint8Array,
      moreFlags: string[] = [],
    ) => {
      const child = spawn(bundle, args, env, moreFlags, input ? "piped" : "null");
      if (input) {
        const writer = child.stdin.getWriter();
        await writer.write(input);
        await writer.close();
      }
      const output = await child.output();
      const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
      return {
        code: output.code,
        stdout: decode(output.stdout),
        bytes: output.stdout,
        stderr: decode(output.stderr),
      };
    };

    const env = {
      AWS_ACCESS_KEY_ID: fakeCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: fakeCredentials.secretAccessKey,
      AWS_REGION: "us-east-1",
    };

    await t.step("--version, and --help naming every command", async () => {
      const version = await run(["--version"]);
      assert.equal(version.code, 0, version.stderr);
      assert.match(version.stdout, /^s3-credentials, version \d+\.\d+\.\d+\n$/);
      const help = await run(["--help"]);
      assert.equal(help.code, 0, help.stderr);
      for (const command of Object.keys(COMMANDS)) {
        assert.match(help.stdout, new RegExp(`^ {2}${command} +\\S`, "m"), command);
      }
    });

    await t.step("policy prints what the source prints", async () => {
      const [fromBundle, fromSource] = await Promise.all([
        run(["policy", "my-bucket", "--read-only", "--prefix", "a/"]),
        runCli(["policy", "my-bucket", "--read-only", "--prefix", "a/"]),
      ]);
      assert.equal(fromBundle.code, 0, fromBundle.stderr);
      assert.equal(fromBundle.stdout, fromSource.stdout);
    });

    await t.step("create --dry-run needs no credentials", async () => {
      const result = await run(["create", "my-bucket", "--dry-run"]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^Would create bucket: 'my-bucket'\n/);
    });

    await t.step("create against the emulator, then whoami with the new key", async () => {
      const created = await run(
        ["create", "bundle-bucket", "-c", "--endpoint-url", moto.endpoint],
        env,
      );
      assert.equal(created.code, 0, created.stderr);
      const key = JSON.parse(created.stdout);
      assert.equal(key.UserName, "s3.read-write.bundle-bucket");
      const whoami = await run(["whoami", "--endpoint-url", moto.endpoint], {
        ...env,
        AWS_ACCESS_KEY_ID: key.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: key.SecretAccessKey,
      });
      assert.equal(whoami.code, 0, whoami.stderr);
      assert.equal(
        JSON.parse(whoami.stdout).Arn,
        "arn:aws:iam::123456789012:user/s3.read-write.bundle-bucket",
      );
      const temporary = await run(
        ["create", "bundle-bucket", "-d", "15m", "--endpoint-url", moto.endpoint],
        env,
      );
      assert.equal(temporary.code, 0, temporary.stderr);
      assert.ok(JSON.parse(temporary.stdout).SessionToken);
    });

    await t.step("put-object from standard input, get-object back (over fetch)", async () => {
      // Larger than what a download reads whole, so the body streams.
      const content = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7919) % 251);
      const at = ["--endpoint-url", moto.endpoint];
      const put = await run(
        ["put-object", "bundle-bucket", "blob.bin", "-", "-s", ...at],
        env,
        content,
      );
      assert.equal(put.code, 0, put.stderr);
      const got = await run(["get-object", "bundle-bucket", "blob.bin", ...at], env);
      assert.equal(got.code, 0, got.stderr);
      assert.deepEqual(got.bytes, content);
      // To a file, with what the README says to add for the download's directory.
      const downloads = `${work}/downloads`;
      await Deno.mkdir(downloads);
      const saved = await run(
        ["get-object", "bundle-bucket", "blob.bin", "-o", `${downloads}/blob.bin`, ...at],
        env,
        undefined,
        [`--allow-read=${downloads}`, `--allow-write=${downloads}`],
      );
      assert.equal(saved.code, 0, saved.stderr);
      assert.deepEqual(await Deno.readFile(`${downloads}/blob.bin`), content);
    });

    await t.step(
      "from a URL, get-objects of many small objects has its helper thread",
      async () => {
        const source = await Deno.readFile(bundle);
        const web = Deno.serve(
          { hostname: "127.0.0.1", port: 0, onListen() {} },
          () => new Response(source, { headers: { "content-type": "application/javascript" } }),
        );
        const sink = startNullS3({ smallCount: HELPER_FROM, smallSize: 4096, bigSize: 0 });
        const out = `${work}/many`;
        await Deno.mkdir(out);
        try {
          const child = spawn(
            `http://127.0.0.1:${web.addr.port}/s3-credentials.js`,
            ["get-objects", "bench", "-o", out, "-s", "--endpoint-url", sink.endpoint],
            env,
            [`--allow-read=${out}`, `--allow-write=${out}`],
            "null",
          );
          let ended = false;
          const output = child.output().finally(() => ended = true);
          let helper = false;
          while (!helper && !ended) {
            helper = hasWorkerThread(threadNames(child.pid));
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          const { code, stderr } = await output;
          const text = new TextDecoder().decode(stderr);
          assert.equal(code, 0, text);
          // Deno says that it downloads the program; nothing else is said.
          assert.deepEqual(text.split("\n").filter((line) => line && !/Download/.test(line)), []);
          assert.ok(helper, "a helper thread ran");
          assert.equal([...Deno.readDirSync(out)].length, HELPER_FROM);
          assert.equal(sink.requests, HELPER_FROM / 1000 + HELPER_FROM);
        } finally {
          await sink.close();
          await web.shutdown();
        }
      },
    );
  } finally {
    await moto.stop();
    await Deno.remove(work, { recursive: true });
  }
});
