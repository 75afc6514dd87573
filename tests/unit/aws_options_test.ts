import assert from "node:assert/strict";
import { resolveAwsOptions } from "../../lib/cli/flags/aws.ts";
import { UsageError } from "../../lib/errors.ts";

const auth = { accessKeyId: "AKIAFILE", secretAccessKey: "file-secret" };

function assertUsageError(run: () => unknown, message: RegExp) {
  assert.throws(run, (error: Error) => {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${error}`);
    assert.equal((error as UsageError).exitCode, 2);
    assert.match(error.message, message);
    return true;
  });
}

Deno.test("resolveAwsOptions: nothing given means the default chain", () => {
  assert.deepEqual(resolveAwsOptions({}), {
    credentials: undefined,
    endpointUrl: undefined,
    iamEndpointUrl: undefined,
    stsEndpointUrl: undefined,
    profile: undefined,
    region: undefined,
  });
});

Deno.test("resolveAwsOptions: explicit keys, with and without a session token", () => {
  assert.deepEqual(resolveAwsOptions({ accessKey: "AK", secretKey: "SK" }).credentials, {
    accessKeyId: "AK",
    secretAccessKey: "SK",
    sessionToken: undefined,
  });
  assert.deepEqual(
    resolveAwsOptions({ accessKey: "AK", secretKey: "SK", sessionToken: "TOK" }).credentials,
    { accessKeyId: "AK", secretAccessKey: "SK", sessionToken: "TOK" },
  );
});

Deno.test("resolveAwsOptions: --auth credentials are used as read", () => {
  const withToken = { ...auth, sessionToken: "file-token" };
  assert.deepEqual(resolveAwsOptions({ auth: withToken }).credentials, withToken);
  assert.deepEqual(resolveAwsOptions({ auth, accessKey: "", secretKey: "" }).credentials, auth);
});

Deno.test("resolveAwsOptions: endpoint, profile and region pass through", () => {
  assert.deepEqual(
    resolveAwsOptions({
      endpointUrl: "http://127.0.0.1:9000",
      iamEndpointUrl: "http://127.0.0.1:9001",
      stsEndpointUrl: "http://127.0.0.1:9002",
      profile: "dev",
      region: "eu-west-1",
    }),
    {
      credentials: undefined,
      endpointUrl: "http://127.0.0.1:9000",
      iamEndpointUrl: "http://127.0.0.1:9001",
      stsEndpointUrl: "http://127.0.0.1:9002",
      profile: "dev",
      region: "eu-west-1",
    },
  );
});

Deno.test("resolveAwsOptions: empty strings count as absent", () => {
  assert.deepEqual(
    resolveAwsOptions({
      accessKey: "",
      secretKey: "",
      sessionToken: "",
      endpointUrl: "",
      iamEndpointUrl: "",
      stsEndpointUrl: "",
      profile: "",
      region: "",
    }),
    {
      credentials: undefined,
      endpointUrl: undefined,
      iamEndpointUrl: undefined,
      stsEndpointUrl: undefined,
      profile: undefined,
      region: undefined,
    },
  );
  // An empty secret leaves the access key alone: that is a partial pair.
  assertUsageError(() => resolveAwsOptions({ accessKey: "AK", secretKey: "" }), /together/);
  // An empty profile does not conflict with keys.
  assert.equal(
    resolveAwsOptions({ accessKey: "AK", secretKey: "SK", profile: "" }).credentials?.accessKeyId,
    "AK",
  );
});

Deno.test("resolveAwsOptions: --auth conflicts with every key option", () => {
  for (const flag of ["accessKey", "secretKey", "sessionToken"] as const) {
    assertUsageError(
      () => resolveAwsOptions({ auth, [flag]: "X" }),
      /^--auth cannot be used with --access-key, --secret-key or --session-token$/,
    );
  }
});

Deno.test("resolveAwsOptions: partial key pairs", () => {
  assertUsageError(
    () => resolveAwsOptions({ accessKey: "AK" }),
    /--access-key and --secret-key must be given together/,
  );
  assertUsageError(
    () => resolveAwsOptions({ secretKey: "SK" }),
    /--access-key and --secret-key must be given together/,
  );
  assertUsageError(
    () => resolveAwsOptions({ sessionToken: "TOK" }),
    /--session-token needs --access-key and --secret-key/,
  );
});

Deno.test("resolveAwsOptions: --profile conflicts with keys and --auth", () => {
  assertUsageError(
    () => resolveAwsOptions({ profile: "dev", accessKey: "AK", secretKey: "SK" }),
    /--profile cannot be used/,
  );
  assertUsageError(() => resolveAwsOptions({ profile: "dev", auth }), /--profile cannot be used/);
});
