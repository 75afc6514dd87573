// localserver's pure parts: flag parsing, the request, the session step and the start-up lines.
import assert from "node:assert/strict";
import {
  localServerRequestFrom,
  parsePort,
  parseToken,
  TOKEN_ENV,
} from "../../lib/cli/commands/localserver.ts";
import { UsageError } from "../../lib/errors.ts";
import { localServerSessionStep } from "../../lib/policy/localserver.ts";
import { combinedPolicy } from "../../lib/policy/permission-statements.ts";
import { isLoopback, startupLines, urlAuthority } from "../../lib/server/startup.ts";

const FLAGS = {
  duration: 900,
  port: 8094,
  host: "localhost",
  readOnly: false,
  writeOnly: false,
};
const noEnv = () => undefined;

Deno.test("--port accepts 0 to 65535 and nothing else", () => {
  assert.equal(parsePort("0"), 0);
  assert.equal(parsePort("8094"), 8094);
  assert.equal(parsePort("65535"), 65535);
  assert.throws(() => parsePort("65536"), /65536 is not a port number \(0 to 65535\)/);
  for (const bad of ["-1", "abc", "1.5", "", " 80", "0x50"]) {
    assert.throws(() => parsePort(bad), /is not a valid integer/, bad);
  }
});

Deno.test("--token takes visible ASCII without spaces", () => {
  assert.equal(parseToken("abc-DEF_123.~+/="), "abc-DEF_123.~+/=");
  assert.throws(() => parseToken(""), /^Error: the token must not be empty; to serve without/);
  for (const bad of ["has space", "tab\t", "caf\u00e9", "new\nline"]) {
    assert.throws(() => parseToken(bad), /visible ASCII/, JSON.stringify(bad));
  }
});

Deno.test("the request: token from the flag, else from the environment", () => {
  const env = (name: string) => (name === TOKEN_ENV ? "from-env" : undefined);
  assert.equal(localServerRequestFrom(FLAGS, "bkt", env).token, "from-env");
  assert.equal(localServerRequestFrom({ ...FLAGS, token: "flag" }, "bkt", env).token, "flag");
  // Where it came from decides whether the start-up lines may show it.
  assert.equal(localServerRequestFrom(FLAGS, "bkt", env).tokenVariable, TOKEN_ENV);
  assert.equal(
    localServerRequestFrom({ ...FLAGS, token: "flag" }, "bkt", env).tokenVariable,
    undefined,
  );
  assert.equal(localServerRequestFrom(FLAGS, "bkt", noEnv).token, undefined);
  // Set but empty is an error, never "no authentication".
  assert.throws(
    () => localServerRequestFrom(FLAGS, "bkt", () => ""),
    new UsageError(
      `Invalid value for ${TOKEN_ENV}: the token must not be empty; to serve without a token, give none`,
    ),
  );
  assert.throws(
    () => localServerRequestFrom(FLAGS, "bkt", () => "two words"),
    (error: unknown) =>
      error instanceof UsageError &&
      error.message.startsWith(`Invalid value for ${TOKEN_ENV}: `),
  );
});

Deno.test("the request: permission, prefixes, statements, duration, address", () => {
  const statement = { Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
  const request = localServerRequestFrom(
    { ...FLAGS, readOnly: true, prefix: ["a/", "b/"], statement: [statement], port: 0 },
    "bkt",
    noEnv,
  );
  assert.deepEqual(request, {
    session: {
      bucket: "bkt",
      permission: "read-only",
      prefixes: ["a/", "b/"],
      statements: [statement],
      durationSeconds: 900,
    },
    host: "localhost",
    port: 0,
    token: undefined,
    tokenVariable: undefined,
  });
});

Deno.test("the request: usage errors for a missing duration and two permissions", () => {
  assert.throws(
    () => localServerRequestFrom({ ...FLAGS, duration: undefined }, "bkt", noEnv),
    new UsageError("Missing option '-d' / '--duration'."),
  );
  assert.throws(
    () => localServerRequestFrom({ ...FLAGS, readOnly: true, writeOnly: true }, "bkt", noEnv),
    new UsageError("Cannot use --read-only and --write-only at the same time"),
  );
});

Deno.test("the session: s3.{permission}.{bucket}, or s3.custom.{bucket} with statements", () => {
  const session = {
    bucket: "bkt",
    permission: "write-only" as const,
    prefixes: ["p/"],
    statements: [],
    durationSeconds: 3600,
  };
  assert.deepEqual(localServerSessionStep(session), {
    kind: "temporary",
    roleName: "s3-credentials.AmazonS3FullAccess",
    durationSeconds: 3600,
    sessionName: "s3.write-only.bkt",
    policy: combinedPolicy(["bkt"], { permission: "write-only", prefixes: ["p/"], statements: [] }),
    roleTags: [
      { Key: "s3-credentials:permission", Value: "write-only" },
      { Key: "s3-credentials:buckets", Value: "bkt" },
    ],
  });
  const statement = { Effect: "Deny", Action: "s3:*", Resource: "*" };
  const custom = localServerSessionStep({ ...session, statements: [statement] });
  assert.equal(custom.sessionName, "s3.custom.bkt");
  assert.equal(custom.roleTags[0].Value, "custom");
  assert.deepEqual((custom.policy as { Statement: unknown[] }).Statement.at(-1), statement);
  const long = localServerSessionStep({ ...session, bucket: "b".repeat(63) });
  assert.equal(long.sessionName.length, 64);
});

Deno.test("loopback addresses and URL authorities", () => {
  for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) {
    assert.ok(isLoopback(address), address);
  }
  for (const address of ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "128.0.0.1", "localhost"]) {
    assert.ok(!isLoopback(address), address);
  }
  assert.equal(urlAuthority("localhost", 8094), "localhost:8094");
  assert.equal(urlAuthority("::1", 8094), "[::1]:8094");
});

Deno.test("start-up lines, with a warning only off loopback without a token", () => {
  const listening = {
    permission: "read-write" as const,
    bucket: "bkt",
    host: "localhost",
    address: "127.0.0.1",
    port: 41234,
    durationSeconds: 900,
    tokenRequired: false,
  };
  const lines = [
    "Serving read-write credentials for bucket 'bkt' at http://localhost:41234/",
    "Duration: 900 seconds",
    "For AWS SDKs, set:",
    "  export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://localhost:41234/container",
    "Press Ctrl+C to stop",
  ];
  assert.deepEqual(startupLines(listening), lines);
  const open = { ...listening, host: "0.0.0.0", address: "0.0.0.0" };
  const warned = startupLines(open);
  assert.equal(warned.length, 6);
  assert.equal(
    warned[4],
    "  export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:41234/container",
  );
  assert.match(warned[0], /^Warning: 0\.0\.0\.0 is not a loopback address and no token was given/);
  assert.equal(
    warned[1],
    "Serving read-write credentials for bucket 'bkt' at http://0.0.0.0:41234/",
  );
  assert.equal(startupLines({ ...open, tokenRequired: true }).length, 5);
});

Deno.test("start-up lines: the token variable, its value only when given with --token", () => {
  const listening = {
    permission: "read-only" as const,
    bucket: "bkt",
    host: "::1",
    address: "::1",
    port: 8094,
    durationSeconds: 900,
    tokenRequired: true,
  };
  const tokenLine = (extra: object) =>
    startupLines({ ...listening, ...extra }).filter((line) => line.includes("TOKEN="));
  assert.deepEqual(tokenLine({ tokenValue: "it's" }), [
    "  export AWS_CONTAINER_AUTHORIZATION_TOKEN='it'\\''s'",
  ]);
  assert.deepEqual(tokenLine({ tokenVariable: "S3_CREDENTIALS_TOKEN" }), [
    '  export AWS_CONTAINER_AUTHORIZATION_TOKEN="$S3_CREDENTIALS_TOKEN"',
  ]);
  assert.ok(
    startupLines(listening).includes(
      "  export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://[::1]:8094/container",
    ),
  );
});
