// Credentials a profile cannot give: one `error:` line naming the profile, the source that
// failed and what to run; exit 1, nothing on stdout, no request sent, no secret shown.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  assertUsageError,
  FAKE_KEYS_ENV,
  linesOf,
  mapLimit,
  runCli,
  STACK_FRAME,
  startFakeEndpoint,
} from "../support/cli.ts";
import { runFlags } from "../../scripts/permissions.ts";

const SECRET = "sekrit-Argument-0123456789";
const ROLE = "arn:aws:iam::123456789012:role/admin";
const MFA = "arn:aws:iam::123456789012:mfa/me";
const START_URL = "https://example.awsapps.com/start";

const CONFIG = `[profile base]
aws_access_key_id = AKIATESTING
aws_secret_access_key = ${SECRET}

[profile withmfa]
role_arn = ${ROLE}
source_profile = base
mfa_serial = ${MFA}

[profile sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Admin

[sso-session corp]
sso_start_url = ${START_URL}
sso_region = us-east-1

[profile legacysso]
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = Admin

[profile chainedsso]
role_arn = ${ROLE}
source_profile = sso

[profile nosuchsession]
sso_session = gone
sso_account_id = 123456789012
sso_role_name = Admin

[profile nosource]
role_arn = ${ROLE}
source_profile = missing

[profile emptysource]
role_arn = ${ROLE}
source_profile = empty

[profile empty]
region = us-east-1

[profile proc]
credential_process = sh -c "echo boom >&2; exit 3" ${SECRET}

[profile procjunk]
credential_process = echo notjson ${SECRET}

[profile webid]
role_arn = ${ROLE}
web_identity_token_file = /nonexistent/token
`;

/** Where `aws sso login` caches the token of an SSO session name or a legacy start URL. */
function ssoTokenPath(home: string, key: string): string {
  return `${home}/.aws/sso/cache/${createHash("sha1").update(key).digest("hex")}.json`;
}

interface Case {
  name: string;
  args: string[];
  line: string;
  env?: Record<string, string>;
  /** The README's narrow permissions instead of -A. */
  narrow?: boolean;
  /** Files the case writes below its HOME first. */
  prepare?: (home: string) => Promise<void>;
}

const writeToken = (key: string, expiresAt: string) => async (home: string) => {
  await Deno.mkdir(`${home}/.aws/sso/cache`, { recursive: true });
  await Deno.writeTextFile(
    ssoTokenPath(home, key),
    JSON.stringify({ accessToken: "token-value", expiresAt, region: "us-east-1" }),
  );
};

const EXPIRED = "2021-01-01T00:00:00Z";
const NO_SETTINGS = "aws_access_key_id, role_arn, sso_session, sso_start_url, " +
  "credential_process, web_identity_token_file";

function cases(home: string): Case[] {
  const config = `${home}/.aws/config`;
  const credentials = `${home}/.aws/credentials`;
  return [
    {
      name: "an MFA profile without a terminal or --mfa-code",
      args: ["--profile", "withmfa"],
      line: `profile 'withmfa' needs an MFA code for ${MFA}: run on a terminal to be asked ` +
        "for it, or pass --mfa-code CODE",
    },
    {
      name: "an SSO profile (sso_session) never logged in",
      args: ["--profile", "sso"],
      line: "profile 'sso' has no SSO login for its SSO session 'corp': " +
        "run aws sso login --profile sso",
    },
    {
      name: "an SSO profile (sso_session) whose login expired",
      args: ["--profile", "sso"],
      prepare: writeToken("corp", EXPIRED),
      line: "the SSO login of profile 'sso' for its SSO session 'corp' expired at " +
        "2021-01-01T00:00:00.000Z: run aws sso login --profile sso",
    },
    {
      name: "a legacy SSO profile (sso_start_url) never logged in",
      args: ["--profile", "legacysso"],
      line: `profile 'legacysso' has no SSO login for its SSO start URL ${START_URL}: ` +
        "run aws sso login --profile legacysso",
    },
    {
      name: "a legacy SSO profile whose login expired",
      args: ["--profile", "legacysso"],
      prepare: writeToken(START_URL, EXPIRED),
      line: `the SSO login of profile 'legacysso' for its SSO start URL ${START_URL} expired ` +
        "at 2021-01-01T00:00:00.000Z: run aws sso login --profile legacysso",
    },
    {
      name: "a role whose source_profile is an SSO profile never logged in",
      args: ["--profile", "chainedsso"],
      line: "profile 'sso' (source of profile 'chainedsso') has no SSO login for its SSO " +
        "session 'corp': run aws sso login --profile sso",
    },
    {
      name: "an SSO profile naming a session that is not in the file",
      args: ["--profile", "nosuchsession"],
      line: `profile 'nosuchsession' names SSO session 'gone', but ${config} has no ` +
        "[sso-session gone] section",
    },
    {
      name: "a source_profile that does not exist",
      args: ["--profile", "nosource"],
      line: `profile 'nosource' names source_profile 'missing', which is in neither ${config} ` +
        `nor ${credentials}`,
    },
    {
      name: "a source_profile without credentials",
      args: ["--profile", "emptysource"],
      line: `profile 'empty' (source of profile 'emptysource') has no credentials: it sets ` +
        `none of ${NO_SETTINGS}`,
    },
    {
      name: "a profile without credentials, and nothing else in the chain",
      args: ["--profile", "empty"],
      line: `profile 'empty' has no credentials: it sets none of ${NO_SETTINGS}`,
    },
    {
      name: "a credential_process that fails",
      args: ["--profile", "proc"],
      line: "the credential_process 'sh' of profile 'proc' failed: boom",
    },
    {
      name: "a credential_process under [default] that fails (no --profile)",
      args: [],
      prepare: (home) =>
        Deno.writeTextFile(
          `${home}/.aws/config`,
          `[default]\ncredential_process = sh -c "echo kaputt >&2; exit 4" ${SECRET}\n`,
        ),
      line: "the credential_process 'sh' of profile 'default' failed: kaputt",
    },
    {
      name: "a credential_process under the README's permissions (no --allow-run)",
      args: ["--profile", "proc"],
      narrow: true,
      line: "the credential_process 'sh' of profile 'proc' cannot be run under these Deno " +
        "permissions (it needs --allow-run and --allow-env)",
    },
    {
      name: "a credential_process that prints no JSON",
      args: ["--profile", "procjunk"],
      line: "the credential_process 'echo' of profile 'procjunk' did not print credentials " +
        "as JSON",
    },
    {
      name: "a profile's web identity token file that cannot be read",
      args: ["--profile", "webid"],
      line: "cannot read the web identity token file '/nonexistent/token' " +
        "(web_identity_token_file of profile 'webid'): no such file",
    },
    {
      name: "AWS_WEB_IDENTITY_TOKEN_FILE that cannot be read",
      args: [],
      env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/nonexistent/env-token", AWS_ROLE_ARN: ROLE },
      line: "cannot read the web identity token file '/nonexistent/env-token' " +
        "(AWS_WEB_IDENTITY_TOKEN_FILE): no such file",
    },
    {
      name: "no credentials anywhere",
      args: [],
      prepare: (home) => Deno.remove(`${home}/.aws`, { recursive: true }),
      line: "no AWS credentials found: looked at AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, " +
        `profile 'default' of ${credentials} and ${config}, AWS_WEB_IDENTITY_TOKEN_FILE and ` +
        "AWS_CONTAINER_CREDENTIALS_FULL_URI; pass --access-key and --secret-key, --auth FILE " +
        "or --profile NAME",
    },
  ];
}

Deno.test("every credential failure is one line that says what to do", async (t) => {
  const endpoint = startFakeEndpoint();
  const homes: string[] = [];
  try {
    const count = cases("").length;
    const results = await mapLimit(Array.from({ length: count }, (_, i) => i), 3, async (i) => {
      const home = await Deno.makeTempDir({ prefix: "s3c-cred-errors-" });
      homes.push(home);
      const testCase = cases(home)[i];
      await Deno.mkdir(`${home}/.aws`);
      await Deno.writeTextFile(`${home}/.aws/config`, CONFIG);
      await testCase.prepare?.(home);
      const result = await runCli(
        ["whoami", ...testCase.args, "--endpoint-url", endpoint.url, "--region", "us-east-1"],
        {
          awsEnv: false,
          env: { HOME: home, AWS_EC2_METADATA_DISABLED: "true", ...testCase.env },
          ...(testCase.narrow ? { permissions: runFlags(home) } : {}),
        },
      );
      return { testCase, result };
    });
    for (const { testCase, result } of results) {
      await t.step(testCase.name, () => {
        const context = `stderr: ${JSON.stringify(result.stderr)}`;
        assert.equal(result.code, 1, context);
        assert.equal(result.stdout, "", context);
        assert.deepEqual(linesOf(result.stderr), [`error: ${testCase.line}`]);
        assert.doesNotMatch(result.stderr, STACK_FRAME);
        assert.ok(!result.stderr.includes(SECRET), "no secret on stderr");
      });
    }
    assert.deepEqual(endpoint.requests, [], "no request may reach the endpoint");
  } finally {
    await endpoint.close();
    for (const home of homes) await Deno.remove(home, { recursive: true });
  }
});

Deno.test("--mfa-code takes six digits, and only where a profile's role can use it", async () => {
  const endpoint = startFakeEndpoint();
  try {
    const run = (...args: string[]) =>
      runCli(["whoami", ...args, "--endpoint-url", endpoint.url], { env: FAKE_KEYS_ENV });
    assertUsageError(
      await run("--profile", "p", "--mfa-code", "12345a"),
      "error: Invalid value for '--mfa-code': '12345a' is not an MFA code (6 digits)",
    );
    assertUsageError(
      await run("--access-key", "AK", "--secret-key", "SK", "--mfa-code", "123456"),
      "error: --mfa-code is for a profile's role, not for --auth or explicit keys",
    );
    assert.deepEqual(endpoint.requests, []);
  } finally {
    await endpoint.close();
  }
});

Deno.test("--no-cache is refused beside explicit keys or --auth, which assume no role", async () => {
  const endpoint = startFakeEndpoint();
  const dir = await Deno.makeTempDir({ prefix: "s3c-no-cache-" });
  try {
    const auth = `${dir}/auth.json`;
    await Deno.writeTextFile(auth, JSON.stringify({ AccessKeyId: "AK", SecretAccessKey: "SK" }));
    const run = (...args: string[]) =>
      runCli(["whoami", ...args, "--no-cache", "--endpoint-url", endpoint.url], {
        env: FAKE_KEYS_ENV,
      });
    const line = "error: --no-cache is for a profile's role, not for --auth or explicit keys";
    assertUsageError(await run("--access-key", "AK", "--secret-key", "SK"), line);
    assertUsageError(await run("--auth", auth), line);
    assert.deepEqual(endpoint.requests, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await endpoint.close();
  }
});
