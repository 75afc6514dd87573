// `create --write-profile` names and flags it refuses: usage errors before any AWS call.
import { assertUsageError, FAKE_KEYS_ENV, runCli, startFakeEndpoint } from "../support/cli.ts";

Deno.test("-f with --write-profile is a usage error, also in a dry run", async () => {
  const endpoint = startFakeEndpoint();
  try {
    for (const extra of [["-f", "ini"], ["--format", "json"], ["-f", "env", "--dry-run"]]) {
      const result = await runCli(
        ["create", "bkt", "--write-profile", "p", ...extra, "--endpoint-url", endpoint.url],
        { env: FAKE_KEYS_ENV },
      );
      assertUsageError(
        result,
        "error: --format cannot be combined with --write-profile (the credentials go to the " +
          "profile, not to the output)",
        endpoint.requests,
      );
    }
  } finally {
    await endpoint.close();
  }
});

Deno.test("a profile name with a quote, a backslash or a control character is a usage error", async () => {
  const endpoint = startFakeEndpoint();
  try {
    for (const name of ["it's", 'say"hi', "a\\b", "bell\x07"]) {
      const result = await runCli(
        ["create", "bkt", "--write-profile", name, "--endpoint-url", endpoint.url],
        { env: FAKE_KEYS_ENV },
      );
      assertUsageError(
        result,
        "error: Invalid value for '--write-profile': a profile name must not contain quotes, " +
          "backslashes or control characters",
        endpoint.requests,
      );
    }
  } finally {
    await endpoint.close();
  }
});
