// whoami's Source and --debug's credential line: from the SDK's $source flags and the profile.
import assert from "node:assert/strict";
import { describeSource, type SourceContext } from "../../lib/aws/credential-source.ts";
import { endpointOf, formatRequest } from "../../lib/aws/request-log.ts";

const PROFILES: SourceContext["profiles"] = {
  default: { aws_access_key_id: "AKIA", aws_secret_access_key: "s" },
  base: { aws_access_key_id: "AKIA", aws_secret_access_key: "s" },
  chained: { role_arn: "arn:aws:iam::1:role/r", source_profile: "base" },
  withmfa: { role_arn: "arn:aws:iam::1:role/r", source_profile: "base", mfa_serial: "arn:m" },
  sso: { sso_session: "corp", sso_account_id: "1", sso_role_name: "Admin" },
  legacy: { sso_start_url: "https://x/start", sso_account_id: "1", sso_role_name: "Admin" },
  proc: { credential_process: "get-keys" },
  webid: { role_arn: "arn:aws:iam::1:role/r", web_identity_token_file: "/t" },
};

const chain = { profiles: PROFILES, containerEnv: false };

Deno.test("Source from the SDK's flags", () => {
  const cases: [Record<string, string>, SourceContext, string][] = [
    [{ CREDENTIALS_ENV_VARS: "g" }, chain, "environment"],
    [{ CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN: "h" }, chain, "web identity"],
    [{ CREDENTIALS_HTTP: "z" }, chain, "container endpoint"],
    [{ CREDENTIALS_PROFILE: "n" }, chain, "profile default"],
    [{ CREDENTIALS_PROFILE: "n" }, { ...chain, profile: "base" }, "profile base"],
    [
      { CREDENTIALS_PROFILE_SOURCE_PROFILE: "o" },
      { ...chain, profile: "chained" },
      "profile chained (assumed role)",
    ],
    [
      { CREDENTIALS_PROFILE_SOURCE_PROFILE: "o" },
      { ...chain, profile: "withmfa" },
      "profile withmfa (assumed role, MFA)",
    ],
    [
      { CREDENTIALS_SSO: "s", CREDENTIALS_PROFILE_SSO: "r" },
      { ...chain, profile: "sso" },
      "profile sso (SSO)",
    ],
    [{ CREDENTIALS_SSO: "s" }, chain, "SSO"],
    [
      { CREDENTIALS_PROFILE_SSO_LEGACY: "t" },
      { ...chain, profile: "legacy" },
      "profile legacy (SSO)",
    ],
    [
      { CREDENTIALS_PROCESS: "w", CREDENTIALS_PROFILE_PROCESS: "v" },
      { ...chain, profile: "proc" },
      "profile proc (credential_process)",
    ],
    [
      { CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN: "q" },
      { ...chain, profile: "webid" },
      "profile webid (web identity)",
    ],
    // A named profile without credentials leaves them to the chain: the environment's keys.
    [{ CREDENTIALS_ENV_VARS: "g" }, { ...chain, profile: "empty" }, "environment"],
  ];
  for (const [flags, context, source] of cases) {
    assert.equal(describeSource(flags, context), source, JSON.stringify(flags));
  }
});

Deno.test("Source without flags (credentials kept between runs) comes from the profile", () => {
  assert.equal(
    describeSource(undefined, { ...chain, profile: "withmfa" }),
    "profile withmfa (assumed role, MFA)",
  );
  assert.equal(describeSource({}, { ...chain, profile: "sso" }), "profile sso (SSO)");
  assert.equal(
    describeSource({}, { ...chain, profile: "proc" }),
    "profile proc (credential_process)",
  );
  // The chain's end: the container's other endpoint, else instance metadata.
  assert.equal(describeSource({}, { ...chain, containerEnv: true }), "container endpoint");
  assert.equal(describeSource({}, chain), "instance metadata");
});

Deno.test("a request line holds the endpoint's origin only", () => {
  assert.equal(
    formatRequest({
      service: "s3",
      operation: "GetObject",
      endpoint: "http://127.0.0.1:9000",
      status: 200,
      durationMs: 12.4,
      requestId: "ABC",
      retries: 0,
    }),
    "debug: s3 GetObject http://127.0.0.1:9000 200 12 ms request-id ABC retries 0",
  );
  assert.equal(
    formatRequest({
      service: "sts",
      operation: "GetCallerIdentity",
      status: "ECONNREFUSED",
      durationMs: 0,
      retries: 2,
    }),
    "debug: sts GetCallerIdentity - ECONNREFUSED 0 ms request-id - retries 2",
  );
  assert.equal(
    endpointOf({ protocol: "https:", hostname: "b.s3.us-east-1.amazonaws.com" }),
    "https://b.s3.us-east-1.amazonaws.com",
  );
  assert.equal(endpointOf({ protocol: "http:", hostname: "::1", port: 9000 }), "http://[::1]:9000");
  assert.equal(endpointOf({}), undefined);
});
