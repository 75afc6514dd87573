// The role session cache on real files: the key changes with every setting that determines the
// session and holds no secret; files are 0600 in 0700 folders; a corrupt, expired, foreign,
// open or mismatching file is passed over; a failed write is one warning, once.
import assert from "node:assert/strict";
import {
  canonicalJson,
  roleSessionHash,
  roleSessionKey,
  type SessionCredentials,
} from "../../lib/aws/role-session.ts";
import { roleSessionFiles, userCacheDirectory } from "../../lib/local/role-session-cache.ts";

const PROFILES = {
  base: { aws_access_key_id: "AKIABASE", aws_secret_access_key: "base-secret" },
  admin: {
    role_arn: "arn:aws:iam::123456789012:role/admin",
    source_profile: "base",
    mfa_serial: "arn:aws:iam::123456789012:mfa/me",
  },
};
const SCOPE = { region: "us-east-1", stsEndpoint: "http://127.0.0.1:9000" };
const noEnv = () => undefined;

const keyOf = (
  profiles: Record<string, Record<string, string>> = PROFILES,
  scope: { region: string; stsEndpoint?: string } = SCOPE,
  profile = "admin",
  env: (name: string) => string | undefined = noEnv,
) => roleSessionKey(profile, profiles, scope, env);

const hashOf = (...args: Parameters<typeof keyOf>) => roleSessionHash(keyOf(...args)!);

const session = (minutes = 60): SessionCredentials => ({
  accessKeyId: "ASIAROLE",
  secretAccessKey: "role-secret",
  sessionToken: "role-token",
  expiration: new Date(Date.now() + minutes * 60_000),
});

Deno.test("the key changes with each setting that determines the role session", () => {
  const base = hashOf();
  const changed = (what: string, hash: string) => assert.notEqual(hash, base, what);
  const admin = (extra: Record<string, string>) => ({
    ...PROFILES,
    admin: { ...PROFILES.admin, ...extra },
  });
  changed("role_arn", hashOf(admin({ role_arn: "arn:aws:iam::123456789012:role/other" })));
  changed("mfa_serial", hashOf(admin({ mfa_serial: "arn:aws:iam::123456789012:mfa/you" })));
  changed("external_id", hashOf(admin({ external_id: "x" })));
  changed("role_session_name", hashOf(admin({ role_session_name: "me" })));
  changed("duration_seconds", hashOf(admin({ duration_seconds: "900" })));
  changed("source key", hashOf({ ...PROFILES, base: { aws_access_key_id: "AKIAOTHER" } }));
  changed("region", hashOf(PROFILES, { ...SCOPE, region: "eu-west-1" }));
  changed("STS endpoint", hashOf(PROFILES, { region: "us-east-1" }));
  const env = (name: string) => (name === "AWS_ACCESS_KEY_ID" ? "AKIAENV" : undefined);
  const fromEnvironment = {
    admin: { role_arn: PROFILES.admin.role_arn, credential_source: "Environment" },
  };
  assert.notEqual(
    hashOf(fromEnvironment, SCOPE, "admin", env),
    hashOf(fromEnvironment, SCOPE, "admin", noEnv),
    "the environment's key id behind credential_source = Environment",
  );
  // The source's secret is not part of the key, nor anywhere in it.
  assert.equal(
    hashOf({ ...PROFILES, base: { ...PROFILES.base, aws_secret_access_key: "rotated" } }),
    base,
  );
  assert.ok(!canonicalJson(keyOf()!).includes("base-secret"));
});

Deno.test("the key describes chained sources, hides credential_process, survives loops", () => {
  const chained = {
    ...PROFILES,
    top: { role_arn: "arn:aws:iam::123456789012:role/top", source_profile: "admin" },
    proc: { credential_process: "fetch-keys --token hunter2" },
    fromProcess: { role_arn: PROFILES.admin.role_arn, source_profile: "proc" },
    a: { role_arn: PROFILES.admin.role_arn, source_profile: "b" },
    b: { role_arn: PROFILES.admin.role_arn, source_profile: "a" },
  };
  const top = canonicalJson(keyOf(chained, SCOPE, "top")!);
  assert.ok(top.includes("AKIABASE") && top.includes("mfa/me"), top);
  const process = canonicalJson(keyOf(chained, SCOPE, "fromProcess")!);
  assert.ok(!process.includes("hunter2"), process);
  assert.match(process, /"credential_process":"[0-9a-f]{64}"/);
  assert.ok(canonicalJson(keyOf(chained, SCOPE, "a")!).includes('"loop":true'));
  assert.equal(keyOf(chained, SCOPE, "base"), undefined, "keys alone assume no role");
  assert.equal(keyOf(chained, SCOPE, "proc"), undefined);
});

Deno.test("the user's cache directory, as each system places it", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.equal(userCacheDirectory(env({ HOME: "/home/me" }), "linux"), "/home/me/.cache");
  assert.equal(
    userCacheDirectory(env({ HOME: "/home/me", XDG_CACHE_HOME: "/var/c" }), "linux"),
    "/var/c",
  );
  // The XDG specification ignores a relative path.
  assert.equal(
    userCacheDirectory(env({ HOME: "/home/me", XDG_CACHE_HOME: "rel" }), "linux"),
    "/home/me/.cache",
  );
  assert.equal(
    userCacheDirectory(env({ HOME: "/Users/me" }), "darwin"),
    "/Users/me/Library/Caches",
  );
  assert.equal(
    userCacheDirectory(env({ LOCALAPPDATA: "C:\\Users\\me\\AppData\\Local" }), "windows"),
    "C:\\Users\\me\\AppData\\Local",
  );
  assert.equal(userCacheDirectory(env({}), "linux"), undefined);
});

/** A cache in a fresh directory, the warnings it gave, and its one session file's path. */
async function freshCache() {
  const root = await Deno.makeTempDir({ prefix: "s3c-role-cache-" });
  const warnings: string[] = [];
  const cache = roleSessionFiles({ cacheDirectory: root, warn: (line) => warnings.push(line) });
  const key = keyOf()!;
  const roles = `${root}/s3-credentials/roles`;
  const file = `${roles}/${roleSessionHash(key)}.json`;
  return { root, roles, file, key, cache, warnings };
}

Deno.test("a session is kept in a 0600 file in 0700 folders, without the source's secret", async () => {
  const { root, roles, file, key, cache, warnings } = await freshCache();
  try {
    const credentials = session();
    await cache.put(key, credentials);
    assert.deepEqual(await cache.get(key), credentials);
    assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
    assert.equal((await Deno.stat(roles)).mode! & 0o777, 0o700);
    assert.equal((await Deno.stat(`${root}/s3-credentials`)).mode! & 0o777, 0o700);
    const text = await Deno.readTextFile(file);
    assert.ok(!text.includes("base-secret"));
    assert.deepEqual(JSON.parse(text).key, key);
    // Written whole: no temporary file is left beside it.
    const names = [...Deno.readDirSync(roles)].map((entry) => entry.name);
    assert.deepEqual(names, [file.slice(roles.length + 1)]);
    // A folder someone opened up is closed again on the next write.
    await Deno.chmod(roles, 0o755);
    await cache.put(key, session(30));
    assert.equal((await Deno.stat(roles)).mode! & 0o777, 0o700);
    assert.deepEqual(warnings, []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("corrupt, expired, mismatching, open, linked and foreign files are passed over", async (t) => {
  const { root, roles, file, key, cache } = await freshCache();
  const restore = async () => {
    await Deno.remove(file).catch(() => {});
    await cache.put(key, session());
    assert.ok(await cache.get(key), "the session is there before each case");
  };
  try {
    await t.step("corrupt", async () => {
      await restore();
      await Deno.writeTextFile(file, "{ not json", { mode: 0o600 });
      assert.equal(await cache.get(key), undefined);
    });
    await t.step("expired", async () => {
      await restore();
      await cache.put(key, session(-1));
      assert.equal(await cache.get(key), undefined);
    });
    await t.step("made for another key (renamed into place)", async () => {
      await restore();
      const other = keyOf(PROFILES, { region: "eu-west-1" })!;
      await Deno.rename(file, `${roles}/${roleSessionHash(other)}.json`);
      assert.equal(await cache.get(other), undefined);
    });
    await t.step("readable by the group, writable by all", async () => {
      await restore();
      await Deno.chmod(file, 0o640);
      assert.equal(await cache.get(key), undefined);
      await Deno.chmod(file, 0o602);
      assert.equal(await cache.get(key), undefined);
    });
    await t.step("in a folder others can write to", async () => {
      await restore();
      await Deno.chmod(roles, 0o777);
      assert.equal(await cache.get(key), undefined);
      await Deno.chmod(roles, 0o700);
    });
    await t.step("a symbolic link to a session file", async () => {
      await restore();
      await Deno.rename(file, `${root}/elsewhere.json`);
      await Deno.symlink(`${root}/elsewhere.json`, file);
      assert.equal(await cache.get(key), undefined);
    });
    await t.step({
      name: "owned by another user",
      ignore: Deno.uid() !== 0,
      fn: async () => {
        await restore();
        await Deno.chown(file, 65534, 65534);
        assert.equal(await cache.get(key), undefined);
        // The next session replaces it with one of this user's.
        await cache.put(key, session());
        assert.equal((await Deno.stat(file)).uid, 0);
        assert.ok(await cache.get(key));
      },
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("writing a session removes the files older than any session lasts", async () => {
  const { root, roles, file, key, cache } = await freshCache();
  try {
    await cache.put(key, session());
    const old = new Date(Date.now() - 13 * 60 * 60_000);
    const stale = `${roles}/${"0".repeat(64)}.json`;
    const leftover = `${roles}/.abcdef12.tmp`;
    const recent = `${roles}/${"1".repeat(64)}.json`;
    const foreign = `${roles}/${"2".repeat(64)}.json`;
    for (const path of [stale, leftover, recent, foreign]) {
      await Deno.writeTextFile(path, "{}", { mode: 0o600 });
    }
    for (const path of [stale, leftover, foreign]) await Deno.utime(path, old, old);
    if (Deno.uid() === 0) await Deno.chown(foreign, 65534, 65534);
    await cache.put(key, session());
    const names = [...Deno.readDirSync(roles)].map((entry) => `${roles}/${entry.name}`).sort();
    const kept = [file, recent, ...(Deno.uid() === 0 ? [foreign] : [])].sort();
    assert.deepEqual(names, kept);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a session that cannot be written is one warning, once", async () => {
  const root = await Deno.makeTempDir({ prefix: "s3c-role-cache-" });
  try {
    // The cache directory is a file: nothing can be made below it.
    await Deno.writeTextFile(`${root}/cache`, "");
    const warnings: string[] = [];
    const cache = roleSessionFiles({
      cacheDirectory: `${root}/cache`,
      warn: (line) => warnings.push(line),
    });
    const key = keyOf()!;
    await cache.put(key, session());
    await cache.put(key, session());
    assert.equal(await cache.get(key), undefined);
    assert.equal(warnings.length, 1, warnings.join("\n"));
    assert.match(
      warnings[0],
      /^the role's session was not cached in \S+\/cache\/s3-credentials\/roles \(.+\): the next run assumes the role again$/,
    );
    assert.ok(!warnings[0].includes("role-secret"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
