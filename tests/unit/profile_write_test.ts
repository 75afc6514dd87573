// writeProfile on real files: one file for both sections.
import assert from "node:assert/strict";
import { loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";
import { writeProfile } from "../../lib/local/aws-profile.ts";
import { profileContentOf } from "../support/profile_writer.ts";

async function inTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "s3c-profile-write-" });
  try {
    await run(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const write = (credentialsPath: string, configPath: string, name: string) =>
  writeProfile(
    { name, credentialsPath, configPath, force: false },
    profileContentOf(name),
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
