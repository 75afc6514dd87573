// writeProfile on real files: one file for both sections, concurrent runs,
// stale locks, and files owned by another user (the tests run as root).
import assert from "node:assert/strict";
import { loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";
import { writeProfile } from "../../lib/local/aws-profile.ts";
import { CliError } from "../../lib/errors.ts";
import { parentDenoDir } from "../support/cli.ts";
import { PROFILE_WRITER_PATH, profileContentOf } from "../support/profile_writer.ts";

async function inTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "s3c-profile-write-" });
  try {
    await run(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const write = (credentialsPath: string, configPath: string, name: string, waitMs?: number) =>
  writeProfile(
    { name, credentialsPath, configPath, force: false },
    profileContentOf(name),
    { waitMs },
  );

/** The profiles both SDKs' parser finds, as `name: keys | settings`. */
async function profilesIn(credentials: string, config: string): Promise<string[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    filepath: credentials,
    configFilepath: config,
    ignoreCache: true,
  });
  // One file read as credentials file too shows `[profile x]` as a profile `profile.x`.
  const names = [...new Set([...Object.keys(credentialsFile), ...Object.keys(configFile)])]
    .filter((name) => !name.startsWith("profile."));
  return names.sort().map((name) => {
    const merged = { ...configFile[name], ...credentialsFile[name] };
    return `${name}: ${merged.aws_access_key_id}/${merged.aws_secret_access_key} | ` +
      `${merged.region} ${merged.endpoint_url}`;
  });
}

const complete = (name: string) =>
  `${name}: AK-${name}/SK-${name} | us-east-1 http://${name}.example`;

/** Files left in `dir` besides `expected` (temporary files, locks). */
async function leftovers(dir: string, expected: string[]): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.filter((name) => !expected.includes(name)).sort();
}

Deno.test("one file for credentials and config: both sections written, none lost", async () => {
  await inTempDir(async (dir) => {
    const one = `${dir}/config`;
    await Deno.writeTextFile(one, "[profile old]\nregion = eu-west-1\n");
    await write(one, one, "dev");
    await write(one, one, "default");
    assert.equal(
      await Deno.readTextFile(one),
      "[profile old]\nregion = eu-west-1\n\n" +
        "[dev]\naws_access_key_id = AK-dev\naws_secret_access_key = SK-dev\n\n" +
        "[profile dev]\nregion = us-east-1\nendpoint_url = http://dev.example\n\n" +
        // In one file, `default` is one section for both.
        "[default]\naws_access_key_id = AK-default\naws_secret_access_key = SK-default\n" +
        "region = us-east-1\nendpoint_url = http://default.example\n",
    );
    assert.deepEqual(await profilesIn(one, one), [
      complete("default"),
      complete("dev"),
      "old: undefined/undefined | eu-west-1 undefined",
    ]);
    assert.deepEqual(await leftovers(dir, ["config"]), []);
  });
});

Deno.test("credentials a symbolic link to config: written through the link, once", async () => {
  await inTempDir(async (dir) => {
    // The link may come before the file it names.
    await Deno.symlink("config", `${dir}/credentials`);
    await write(`${dir}/credentials`, `${dir}/config`, "dev");
    await write(`${dir}/credentials`, `${dir}/config`, "other");
    assert.equal(await Deno.readLink(`${dir}/credentials`), "config");
    assert.deepEqual(await profilesIn(`${dir}/credentials`, `${dir}/config`), [
      complete("dev"),
      complete("other"),
    ]);
    assert.deepEqual(await leftovers(dir, ["config", "credentials"]), []);
  });
});

Deno.test("concurrent runs: every profile of every run complete in both files", async () => {
  await inTempDir(async (dir) => {
    const runs = 6;
    const perRun = 8;
    const names = (run: number) => Array.from({ length: perRun }, (_, i) => `p${run}-${i}`);
    const denoDir = await parentDenoDir();
    const results = await Promise.all(
      Array.from({ length: runs }, (_, run) =>
        new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            "--cached-only",
            PROFILE_WRITER_PATH,
            `${dir}/credentials`,
            `${dir}/config`,
            ...names(run),
          ],
          env: { DENO_DIR: denoDir },
          stdin: "null",
          stdout: "null",
          stderr: "piped",
        }).output()),
    );
    for (const result of results) {
      assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
    }
    const all = Array.from({ length: runs }, (_, run) => names(run)).flat().sort();
    assert.deepEqual(await profilesIn(`${dir}/credentials`, `${dir}/config`), all.map(complete));
    assert.deepEqual(await leftovers(dir, ["config", "credentials"]), []);
  });
});

Deno.test("a lock left by another run: a clear error, nothing written, the lock kept", async () => {
  await inTempDir(async (dir) => {
    await write(`${dir}/credentials`, `${dir}/config`, "first");
    const before = [
      await Deno.readTextFile(`${dir}/credentials`),
      await Deno.readTextFile(`${dir}/config`),
    ];
    for (const locked of ["credentials", "config"]) {
      await Deno.writeTextFile(`${dir}/${locked}.lock`, "12345\n");
      await assert.rejects(
        write(`${dir}/credentials`, `${dir}/config`, "second", 0),
        new CliError(
          `'${dir}/${locked}' is locked by another s3-credentials run ` +
            `(remove ${dir}/${locked}.lock if no run is active)`,
        ),
      );
      assert.deepEqual(await leftovers(dir, ["config", "credentials"]), [`${locked}.lock`]);
      await Deno.remove(`${dir}/${locked}.lock`);
    }
    assert.deepEqual([
      await Deno.readTextFile(`${dir}/credentials`),
      await Deno.readTextFile(`${dir}/config`),
    ], before);
  });
});

Deno.test("the locks are removed after a refused write", async () => {
  await inTempDir(async (dir) => {
    await write(`${dir}/credentials`, `${dir}/config`, "dev");
    await assert.rejects(
      write(`${dir}/credentials`, `${dir}/config`, "dev"),
      /profile 'dev' already exists/,
    );
    assert.deepEqual(await leftovers(dir, ["config", "credentials"]), []);
  });
});

const OTHER_USER = 1234;

Deno.test("root replacing another user's files keeps their owner and group", async () => {
  await inTempDir(async (dir) => {
    for (const name of ["credentials", "config"]) {
      await Deno.writeTextFile(`${dir}/${name}`, "");
      await Deno.chown(`${dir}/${name}`, OTHER_USER, OTHER_USER + 1);
    }
    await write(`${dir}/credentials`, `${dir}/config`, "dev");
    for (const name of ["credentials", "config"]) {
      const info = await Deno.stat(`${dir}/${name}`);
      assert.deepEqual([info.uid, info.gid, info.mode! & 0o777], [
        OTHER_USER,
        OTHER_USER + 1,
        0o600,
      ]);
    }
    assert.deepEqual(await profilesIn(`${dir}/credentials`, `${dir}/config`), [complete("dev")]);
  });
});

Deno.test("root creating files in another user's home gives them to that user", async () => {
  await inTempDir(async (home) => {
    await Deno.chown(home, OTHER_USER, OTHER_USER + 1);
    await write(`${home}/.aws/credentials`, `${home}/.aws/config`, "dev");
    for (const path of [".aws", ".aws/credentials", ".aws/config"]) {
      const info = await Deno.stat(`${home}/${path}`);
      assert.deepEqual([info.uid, info.gid], [OTHER_USER, OTHER_USER + 1], path);
    }
    assert.equal((await Deno.stat(`${home}/.aws`)).mode! & 0o777, 0o700);
    assert.deepEqual(await leftovers(`${home}/.aws`, ["config", "credentials"]), []);
  });
});

Deno.test("a new ~/.aws with permissions only for ~/.aws (the README's deno run)", async () => {
  await inTempDir(async (home) => {
    const aws = `${home}/.aws`;
    const result = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-prompt",
        `--allow-read=${aws}`,
        `--allow-write=${aws}`,
        "--cached-only",
        PROFILE_WRITER_PATH,
        `${aws}/credentials`,
        `${aws}/config`,
        "dev",
      ],
      env: { DENO_DIR: await parentDenoDir() },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
    assert.deepEqual(await profilesIn(`${aws}/credentials`, `${aws}/config`), [complete("dev")]);
  });
});

Deno.test("a file whose owner cannot be kept is not replaced", async () => {
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/config`, "[default]\nregion = eu-west-1\n");
    await Deno.chown(`${dir}/config`, OTHER_USER, OTHER_USER);
    // Root without the capability to give files away, as an ordinary user is.
    const result = await new Deno.Command("setpriv", {
      args: [
        "--inh-caps=-chown",
        "--bounding-set=-chown",
        Deno.execPath(),
        "run",
        "-A",
        "--cached-only",
        PROFILE_WRITER_PATH,
        `${dir}/credentials`,
        `${dir}/config`,
        "dev",
      ],
      env: { DENO_DIR: await parentDenoDir() },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(result.code, 1);
    assert.equal(
      new TextDecoder().decode(result.stderr),
      `cannot write '${dir}/config': it belongs to uid ${OTHER_USER} (gid ${OTHER_USER}) and ` +
        "this run cannot give its replacement that owner (Operation not permitted)\n",
    );
    assert.equal(await Deno.readTextFile(`${dir}/config`), "[default]\nregion = eu-west-1\n");
    assert.equal((await Deno.stat(`${dir}/config`)).uid, OTHER_USER);
    // The keys written first were taken back: no half profile.
    assert.deepEqual(await leftovers(dir, ["config"]), []);
  });
});
