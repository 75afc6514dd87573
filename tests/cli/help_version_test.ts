import assert from "node:assert/strict";
import config from "../../deno.json" with { type: "json" };
import { COMMAND_GROUPS, COMMANDS } from "../../lib/cli/registry.ts";
import { linesOf, runCli } from "../support/cli.ts";

Deno.test("--version prints the version deno.json holds, in the reference's form", async () => {
  const result = await runCli(["--version"]);
  assert.equal(result.code, 0);
  assert.match(config.version, /^\d+\.\d+\.\d+$/);
  assert.equal(result.stdout, `s3-credentials, version ${config.version}\n`);
  assert.equal(result.stderr, "");
});

Deno.test("help: root, no arguments and every command", async (t) => {
  const [none, root, create, policy] = await Promise.all([
    runCli([]),
    runCli(["--help"]),
    runCli(["create", "--help"]),
    runCli(["policy", "--help"]),
  ]);
  await t.step("no arguments prints the root help", () => {
    assert.equal(none.code, 0);
    assert.equal(none.stderr, "");
    assert.match(none.stdout, /s3-credentials/);
    assert.match(none.stdout, /\bcreate\b/);
    assert.match(none.stdout, /\bpolicy\b/);
  });
  await t.step("--help prints the same root help", () => {
    assert.equal(root.code, 0);
    assert.equal(root.stderr, "");
    assert.equal(root.stdout, none.stdout);
  });
  await t.step("the root help fits a screen: each command once, by group, one line each", () => {
    const lines = linesOf(root.stdout);
    assert.match(lines[0], /^Usage: s3-credentials COMMAND/);
    const over = lines.filter((line) => line.length > 100);
    assert.deepEqual(over, []);
    const listed = lines.map((line) => /^ {2}([a-z][a-z-]*) {2,}\S/.exec(line)?.[1]).filter(
      Boolean,
    );
    assert.deepEqual([...listed].sort(), Object.keys(COMMANDS).sort());
    // Each command sits under the heading of its group.
    let group = "";
    for (const line of lines) {
      const heading = /^([A-Z][a-z ]+):$/.exec(line);
      if (heading) group = heading[1];
      const name = /^ {2}([a-z-]+) {2,}\S/.exec(line)?.[1];
      if (name && name in COMMANDS) assert.equal(group, COMMANDS[name].group, name);
    }
    const headings = lines.filter((line) => /^[A-Z][a-z ]+:$/.test(line)).map((l) =>
      l.slice(0, -1)
    );
    assert.deepEqual(headings, [...COMMAND_GROUPS, "Options"]);
  });
  await t.step("create --help lists its options", () => {
    assert.equal(create.code, 0);
    assert.equal(create.stderr, "");
    for (
      const option of [
        "--read-only",
        "--write-only",
        "--duration",
        "--user-permissions-boundary",
        "--policy",
        "--statement",
        "--dry-run",
        "--endpoint-url",
        "--profile",
        "--region",
        "--auth",
      ]
    ) {
      assert.ok(create.stdout.includes(option), `create --help should mention ${option}`);
    }
  });
  await t.step("policy --help lists its options and no AWS options", () => {
    assert.equal(policy.code, 0);
    assert.equal(policy.stderr, "");
    for (const option of ["--read-only", "--write-only", "--prefix", "--public-bucket"]) {
      assert.ok(policy.stdout.includes(option), `policy --help should mention ${option}`);
    }
    for (const option of ["--endpoint-url", "--auth", "--profile"]) {
      assert.ok(!policy.stdout.includes(option), `policy --help should not mention ${option}`);
    }
  });
});

Deno.test("unknown command and option get one error line with a suggestion", async (t) => {
  const [command, option] = await Promise.all([
    runCli(["polcy", "bkt"]),
    runCli(["create", "bkt", "--read-onl"]),
  ]);
  await t.step("polcy suggests policy", () => {
    assert.equal(command.code, 2);
    assert.equal(command.stdout, "");
    const lines = linesOf(command.stderr);
    assert.equal(lines.length, 1, command.stderr);
    assert.match(lines[0], /^error: /);
    assert.match(lines[0], /'polcy'/);
    assert.match(lines[0], /policy/);
  });
  await t.step("--read-onl suggests --read-only", () => {
    assert.equal(option.code, 2);
    assert.equal(option.stdout, "");
    const lines = linesOf(option.stderr);
    assert.equal(lines.length, 1, option.stderr);
    assert.match(lines[0], /^error: /);
    assert.match(lines[0], /--read-onl\b/);
    assert.match(lines[0], /--read-only/);
  });
});
