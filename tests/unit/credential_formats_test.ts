// The credential formats of create: exact text, and a round trip through the program that
// reads each one (bash, python-dotenv, fish and pwsh where installed).
import assert from "node:assert/strict";
import type { AccessKey, SessionCredentials } from "../../lib/credentials.ts";
import {
  CREDENTIALS_FORMATS,
  renderAccessKey,
  renderSessionCredentials,
} from "../../lib/output/credentials.ts";

// Every character a secret or an endpoint could carry that a shell might interpret.
const HARD = `a/b+c=d'e"f$g\`h\\i !*?;&|<>(){}[]#~%\u2019`;
const SESSION: SessionCredentials = {
  AccessKeyId: "ASIAEXAMPLE",
  SecretAccessKey: `s/+=${HARD}`,
  SessionToken: "FwoGZXIvYXdzE+/Token==",
  Expiration: new Date("2026-11-28T00:25:43Z"),
};
const KEY: AccessKey = {
  UserName: "u",
  AccessKeyId: "AKIAEXAMPLE",
  Status: "Active",
  SecretAccessKey: "wJalr/K7MDENG+bPxRfiCY=",
};
const ENDPOINT = "http://127.0.0.1:9000/x?a=1&b='2'";
const EXPECTED = {
  AWS_ACCESS_KEY_ID: SESSION.AccessKeyId,
  AWS_SECRET_ACCESS_KEY: SESSION.SecretAccessKey,
  AWS_SESSION_TOKEN: SESSION.SessionToken,
  AWS_CREDENTIAL_EXPIRATION: "2026-11-28T00:25:43+00:00",
  AWS_ENDPOINT_URL: ENDPOINT,
};
const NAMES = Object.keys(EXPECTED);

async function run(program: string, args: string[], stdin?: string): Promise<string> {
  const child = new Deno.Command(program, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const output = await child.output();
  const decoder = new TextDecoder();
  assert.equal(output.code, 0, decoder.decode(output.stderr));
  return decoder.decode(output.stdout);
}

function installed(program: string): boolean {
  try {
    return new Deno.Command("sh", { args: ["-c", `command -v ${program}`] }).outputSync().success;
  } catch {
    return false;
  }
}

/** Values printed as JSON by a script in each shell, after the rendered lines. */
const sessionText = (format: "env" | "dotenv" | "fish" | "powershell") =>
  renderSessionCredentials(SESSION, format, { endpointUrl: ENDPOINT });

Deno.test("the flag offers every format", () => {
  assert.deepEqual([...CREDENTIALS_FORMATS], [
    "json",
    "ini",
    "env",
    "dotenv",
    "fish",
    "powershell",
    "process",
  ]);
});

Deno.test("env: exact lines, and bash reads back every value", async () => {
  assert.equal(
    renderAccessKey(KEY, "env"),
    "export AWS_ACCESS_KEY_ID='AKIAEXAMPLE'\nexport AWS_SECRET_ACCESS_KEY='wJalr/K7MDENG+bPxRfiCY='\n",
  );
  const script = `eval "$(cat)"\n` +
    `python3 -c 'import json, os, sys; print(json.dumps({n: os.environ.get(n) for n in sys.argv[1:]}))' ${
      NAMES.join(" ")
    }`;
  const read = JSON.parse(await run("bash", ["-c", script], sessionText("env")));
  assert.deepEqual(read, EXPECTED);
});

Deno.test("dotenv: no export, and python-dotenv parses every value", async () => {
  const text = sessionText("dotenv");
  assert.ok(text.startsWith("AWS_ACCESS_KEY_ID='ASIAEXAMPLE'\n"), text);
  const code = "import io, json, sys; from dotenv import dotenv_values; " +
    "print(json.dumps(dotenv_values(stream=io.StringIO(sys.stdin.read()))))";
  assert.deepEqual(JSON.parse(await run("python3", ["-c", code], text)), EXPECTED);
});

Deno.test("fish: set -gx lines", () => {
  assert.equal(
    renderSessionCredentials({ ...SESSION, SecretAccessKey: "a'b\\c" }, "fish").split("\n")[1],
    "set -gx AWS_SECRET_ACCESS_KEY 'a\\'b\\\\c'",
  );
});

// fish is a Debian package (`apt-get install fish`, as .ci/run does): missing, it fails.
Deno.test("fish reads back every value", async () => {
  assert.ok(installed("fish"), "fish is not installed: apt-get install fish");
  const script = `eval (cat | string collect)\n` +
    NAMES.map((name) => `printf '%s\\0' "$${name}"`).join("\n");
  const values = (await run("fish", ["-c", script], sessionText("fish"))).split("\0");
  assert.deepEqual(values.slice(0, -1), Object.values(EXPECTED));
});

Deno.test("powershell: $Env: lines, quotes doubled", () => {
  assert.equal(
    renderSessionCredentials({ ...SESSION, SecretAccessKey: "a'b\u2019c$d" }, "powershell")
      .split("\n")[1],
    "$Env:AWS_SECRET_ACCESS_KEY = 'a''b\u2019\u2019c$d'",
  );
});

Deno.test({
  name: "pwsh reads back every value",
  // PowerShell has no Debian package: where it is missing the test is ignored, and says so.
  ignore: !installed("pwsh") &&
    (console.log("ignored: pwsh is not installed (no Debian package for it)"), true),
  async fn() {
    const script = `Invoke-Expression ([Console]::In.ReadToEnd())\n` +
      `@{${NAMES.map((n) => `${n}=$Env:${n}`).join(";")}} | ConvertTo-Json -Compress`;
    const read = JSON.parse(
      await run("pwsh", ["-NoProfile", "-Command", script], sessionText("powershell")),
    );
    assert.deepEqual(read, EXPECTED);
  },
});

Deno.test("process: the credential_process document, expiry only for temporary keys", () => {
  assert.deepEqual(JSON.parse(renderSessionCredentials(SESSION, "process")), {
    Version: 1,
    AccessKeyId: SESSION.AccessKeyId,
    SecretAccessKey: SESSION.SecretAccessKey,
    SessionToken: SESSION.SessionToken,
    Expiration: "2026-11-28T00:25:43+00:00",
  });
  assert.equal(
    renderAccessKey(KEY, "process"),
    '{\n  "Version": 1,\n  "AccessKeyId": "AKIAEXAMPLE",\n  "SecretAccessKey": "wJalr/K7MDENG+bPxRfiCY="\n}\n',
  );
});

Deno.test("json and ini are unchanged; no endpoint outside the shell formats", () => {
  assert.equal(
    renderSessionCredentials(SESSION, "ini", { endpointUrl: ENDPOINT }),
    `[default]\naws_access_key_id=ASIAEXAMPLE\naws_secret_access_key=${SESSION.SecretAccessKey}\n` +
      `aws_session_token=${SESSION.SessionToken}\n`,
  );
  assert.equal(
    renderAccessKey(KEY, "ini"),
    `[default]\naws_access_key_id=AKIAEXAMPLE\naws_secret_access_key=${KEY.SecretAccessKey}\n`,
  );
  assert.ok(!renderAccessKey(KEY, "json", { endpointUrl: ENDPOINT }).includes(ENDPOINT));
  assert.ok(!renderAccessKey(KEY, "env").includes("AWS_SESSION_TOKEN"));
});
