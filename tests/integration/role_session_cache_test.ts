// A profile's role session kept between runs, against the emulator behind a recording proxy that
// counts the AssumeRole calls: two commands, one AssumeRole; no MFA code on the second; assumed
// anew when near expiry, with --no-cache, or when the file is corrupt, foreign or open to others.
import assert from "node:assert/strict";
import { runFlags } from "../../scripts/permissions.ts";
import { type CliResult, linesOf, runCli } from "../support/cli.ts";
import { type FaultProxy, startFaultProxy } from "../support/fault_proxy.ts";
import { startMoto } from "../support/moto.ts";
import { ROLE_PROFILES } from "../support/role_profiles.ts";

/** A user's home with ROLE_PROFILES in ~/.aws/config, kept across runs of the CLI. */
async function makeHome(): Promise<string> {
  const home = await Deno.makeTempDir({ prefix: "s3c-role-cache-" });
  await Deno.mkdir(`${home}/.aws`);
  await Deno.writeTextFile(`${home}/.aws/config`, ROLE_PROFILES);
  return home;
}

/** Runs the CLI as the user of `home`, with no credentials but its profiles. */
function runAs(
  home: string,
  args: string[],
  env: Record<string, string> = {},
  permissions?: string[],
): Promise<CliResult> {
  return runCli(args, {
    awsEnv: false,
    env: { HOME: home, AWS_EC2_METADATA_DISABLED: "true", ...env },
    ...(permissions ? { permissions } : {}),
  });
}

/** The session files of the cache below `cacheDirectory`. */
async function sessionFiles(cacheDirectory: string): Promise<string[]> {
  const roles = `${cacheDirectory}/s3-credentials/roles`;
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(roles)) names.push(`${roles}/${entry.name}`);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return names.sort();
}

/** The one session file below `cacheDirectory`. */
async function onlySessionFile(cacheDirectory: string): Promise<string> {
  const files = await sessionFiles(cacheDirectory);
  assert.equal(files.length, 1, files.join());
  return files[0];
}

/**
 * The AssumeRole calls the proxy saw, each counted once however often the SDK sent it (a loaded
 * machine makes it try again: the attempts share an invocation id).
 */
function assumeRoleCalls(proxy: FaultProxy): number {
  const calls = proxy.log.filter(({ request }) => request.action === "AssumeRole")
    .map(({ request }) => request.headers.get("amz-sdk-invocation-id"));
  return new Set(calls).size;
}

function assertWhoamiRole(result: CliResult) {
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, "");
  assert.match(JSON.parse(result.stdout).Arn, /^arn:aws:sts::123456789012:assumed-role\/admin\//);
}

Deno.test("a profile's role session is kept between runs until shortly before it expires", async (t) => {
  const moto = await startMoto();
  const proxy = startFaultProxy(moto.endpoint);
  const home = await makeHome();
  const cacheDirectory = `${home}/.cache`;
  const assumeRoles = () => assumeRoleCalls(proxy);
  const whoami = (...more: string[]) =>
    runAs(home, ["whoami", "--profile", "chained", "--endpoint-url", proxy.url, ...more]);
  try {
    await t.step(
      "two commands, one AssumeRole; the second signs with the kept session",
      async () => {
        assertWhoamiRole(await whoami());
        assert.equal(assumeRoles(), 1);
        const file = await onlySessionFile(cacheDirectory);
        const kept = JSON.parse(await Deno.readTextFile(file)).credentials;
        const before = proxy.log.length;
        assertWhoamiRole(await whoami());
        assert.equal(assumeRoles(), 1, "the second run assumed no role");
        const [call] = proxy.log.slice(before);
        assert.equal(call.request.action, "GetCallerIdentity");
        assert.match(call.request.headers.get("authorization") ?? "", new RegExp(kept.accessKeyId));
      },
    );

    await t.step("files 0600 in 0700 folders, never the source profile's secret", async () => {
      const file = await onlySessionFile(cacheDirectory);
      assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
      assert.equal(
        (await Deno.stat(`${cacheDirectory}/s3-credentials/roles`)).mode! & 0o777,
        0o700,
      );
      assert.equal((await Deno.stat(`${cacheDirectory}/s3-credentials`)).mode! & 0o777, 0o700);
      const text = await Deno.readTextFile(file);
      assert.ok(!text.includes("base-secret"), "the source's secret is not in the file");
      assert.ok(text.includes("AKIABASEPROFILE1"), "the source's key id is part of the key");
    });

    await t.step("--no-cache assumes the role and leaves the file as it was", async () => {
      const file = await onlySessionFile(cacheDirectory);
      const before = await Deno.readTextFile(file);
      assertWhoamiRole(await whoami("--no-cache"));
      assert.equal(assumeRoles(), 2);
      assert.equal(await Deno.readTextFile(file), before);
    });

    await t.step("a session within five minutes of its expiry is assumed anew", async () => {
      const file = await onlySessionFile(cacheDirectory);
      const stored = JSON.parse(await Deno.readTextFile(file));
      stored.credentials.expiration = new Date(Date.now() + 4 * 60_000).toISOString();
      await Deno.writeTextFile(file, JSON.stringify(stored), { mode: 0o600 });
      assertWhoamiRole(await whoami());
      assert.equal(assumeRoles(), 3);
      const renewed = JSON.parse(await Deno.readTextFile(file)).credentials.expiration;
      assert.ok(Date.parse(renewed) > Date.now() + 30 * 60_000, renewed);
      assertWhoamiRole(await whoami());
      assert.equal(assumeRoles(), 3, "the renewed session is used");
    });

    const passedOver = [
      {
        name: "a corrupt file",
        spoil: (file: string) => Deno.writeTextFile(file, "{ not json", { mode: 0o600 }),
      },
      { name: "a file readable by others", spoil: (file: string) => Deno.chmod(file, 0o644) },
      { name: "another user's file", spoil: (file: string) => Deno.chown(file, 65534, 65534) },
    ];
    for (const { name, spoil } of passedOver) {
      await t.step({
        name: `${name} is passed over and replaced`,
        ignore: name === "another user's file" && Deno.uid() !== 0,
        fn: async () => {
          const file = await onlySessionFile(cacheDirectory);
          await spoil(file);
          const count = assumeRoles();
          assertWhoamiRole(await whoami());
          assert.equal(assumeRoles(), count + 1);
          const info = await Deno.stat(file);
          assert.equal(info.mode! & 0o777, 0o600);
          assert.equal(info.uid, Deno.uid());
          assertWhoamiRole(await whoami());
          assert.equal(assumeRoles(), count + 1, "the replacement is used");
        },
      });
    }

    await t.step("another STS endpoint is another session", async () => {
      const count = assumeRoles();
      assertWhoamiRole(await whoami("--sts-endpoint-url", moto.endpoint));
      assert.equal(assumeRoles(), count, "that AssumeRole went past the proxy");
      assert.equal((await sessionFiles(cacheDirectory)).length, 2);
    });
  } finally {
    await proxy.close();
    await moto.stop();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("an MFA profile's code is asked once per session", async () => {
  const moto = await startMoto();
  const proxy = startFaultProxy(moto.endpoint);
  const home = await makeHome();
  const xdg = `${home}/xdg-cache`;
  const whoami = (...more: string[]) =>
    runAs(home, ["whoami", "--profile", "withmfa", "--endpoint-url", proxy.url, ...more], {
      XDG_CACHE_HOME: xdg,
    });
  const assumeRoles = () => assumeRoleCalls(proxy);
  try {
    assertWhoamiRole(await whoami("--mfa-code", "123456"));
    assert.equal(assumeRoles(), 1);
    await onlySessionFile(xdg);
    assert.deepEqual(await sessionFiles(`${home}/.cache`), [], "XDG_CACHE_HOME is honoured");
    // No terminal and no --mfa-code: only the kept session can answer.
    assertWhoamiRole(await whoami());
    assert.equal(assumeRoles(), 1);
    const refused = await whoami("--no-cache");
    assert.equal(refused.code, 1);
    assert.deepEqual(linesOf(refused.stderr), [
      "error: profile 'withmfa' needs an MFA code for arn:aws:iam::123456789012:mfa/me: run on " +
      "a terminal to be asked for it, or pass --mfa-code CODE",
    ]);
    assert.equal(assumeRoles(), 1);
  } finally {
    await proxy.close();
    await moto.stop();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("a cache that cannot be written is one warning, and the command goes on", async () => {
  const moto = await startMoto();
  const home = await makeHome();
  try {
    await Deno.writeTextFile(`${home}/not-a-directory`, "");
    const result = await runAs(
      home,
      ["whoami", "--profile", "chained", "--endpoint-url", moto.endpoint],
      { XDG_CACHE_HOME: `${home}/not-a-directory` },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(JSON.parse(result.stdout).Arn, /assumed-role\/admin\//);
    const lines = linesOf(result.stderr);
    assert.equal(lines.length, 1, result.stderr);
    assert.match(
      lines[0],
      /^warning: the role's session was not cached in \S+\/not-a-directory\/s3-credentials\/roles \(.+\): the next run assumes the role again$/,
    );
  } finally {
    await moto.stop();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("the README's permissions are enough for the cache", async () => {
  const moto = await startMoto();
  const proxy = startFaultProxy(moto.endpoint);
  const home = await makeHome();
  try {
    const run = () =>
      runAs(
        home,
        ["whoami", "--profile", "chained", "--endpoint-url", proxy.url],
        {},
        runFlags(home),
      );
    assertWhoamiRole(await run());
    assertWhoamiRole(await run());
    // A loaded machine may make the SDK send a call twice: the AssumeRole is one call all the same.
    const actions = proxy.log.map(({ request }) => request.action);
    assert.deepEqual([...new Set(actions)], ["AssumeRole", "GetCallerIdentity"]);
    assert.equal(assumeRoleCalls(proxy), 1, actions.join());
    await onlySessionFile(`${home}/.cache`);
  } finally {
    await proxy.close();
    await moto.stop();
    await Deno.remove(home, { recursive: true });
  }
});
