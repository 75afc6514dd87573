// --debug without the emulator: a request the SDK retried shows its attempts, the source of
// keys given by flag is named, and nothing secret reaches stderr.
import assert from "node:assert/strict";
import { linesOf, runCli, startFakeEndpoint } from "../support/cli.ts";

const SECRET = "debug-Secret-0123456789abcdef";

Deno.test("--debug: a request answered 500 three times is one line with its retries", async () => {
  const endpoint = startFakeEndpoint();
  try {
    const result = await runCli([
      "whoami",
      "--access-key",
      "AKIADEBUGFLAG0000000",
      "--secret-key",
      SECRET,
      "--endpoint-url",
      endpoint.url,
      "--region",
      "us-east-1",
      "--debug",
    ]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, "");
    assert.equal(endpoint.requests.length, 3, "the SDK's three attempts");
    const lines = linesOf(result.stderr);
    assert.equal(lines[0], "debug: credentials from --access-key");
    assert.match(
      lines[1],
      new RegExp(
        `^debug: sts GetCallerIdentity ${endpoint.url} 500 \\d+ ms request-id - retries 2$`,
      ),
    );
    assert.equal(lines.length, 3, result.stderr);
    assert.match(lines[2], /^error: /);
    assert.ok(!result.stderr.includes(SECRET));
    assert.doesNotMatch(result.stderr, /signature|authorization/i);
  } finally {
    await endpoint.close();
  }
});
