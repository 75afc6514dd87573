// Bad input to the object commands: exit code 2, one `error:` line, nothing on
// stdout, no stack trace, not a single request, and no file written.
import assert from "node:assert/strict";
import {
  assertUsageError,
  FAKE_KEYS_ENV,
  linesOf,
  mapLimit,
  runCli,
  startFakeEndpoint,
} from "../support/cli.ts";
import { filesUnder } from "../support/objects.ts";

interface Case {
  args: (dir: string) => string[];
  /** The whole error line after `error: `, or a phrase it contains. */
  message: string | RegExp;
}

const cases: Case[] = [
  {
    args: (d) => ["put-object", "bkt", "key", `${d}/missing.txt`],
    message: `Invalid value for 'PATH': File '{d}/missing.txt' does not exist.`,
  },
  {
    args: (d) => ["put-object", "bkt", "key", d],
    message: `Invalid value for 'PATH': File '{d}' is a directory.`,
  },
  { args: () => ["put-object", "bkt", "key"], message: "Missing argument 'PATH'." },
  { args: (d) => ["put-object", "bkt", "", `${d}/file.txt`], message: /the key must not be empty/ },
  {
    args: (d) => ["put-object", "Bad/Bucket", "k", `${d}/file.txt`],
    message: /not a valid bucket/,
  },
  {
    args: (d) => ["put-objects", "bkt", `${d}/file.txt`, `${d}/missing`],
    message: `Invalid value for 'OBJECTS': File '{d}/missing' does not exist.`,
  },
  { args: () => ["put-objects", "bkt"], message: "Missing argument 'OBJECTS...'." },
  { args: () => ["put-objects"], message: "Missing argument 'BUCKET'." },
  {
    args: (d) => ["put-objects", "bkt", d, "--prefix", "a/../b"],
    message: "Invalid value for '--prefix': 'a/../b' must not contain '.' or '..' segments",
  },
  {
    args: (d) => ["put-objects", "bkt", d, "--concurrency", "0"],
    message: "Invalid value for '--concurrency': '0' is not a whole number from 1 to 64",
  },
  {
    args: (d) => ["get-objects", "bkt", "--concurrency", "many", "-o", d],
    message: /Invalid value for '--concurrency'/,
  },
  {
    args: (d) => ["get-object", "bkt", "key", "-o", d],
    message: `Invalid value for '--output': File '{d}' is a directory.`,
  },
  {
    args: (d) => ["get-object", "bkt", "key", "-o", `${d}/no-dir/out.txt`],
    message: `Invalid value for '--output': Directory '{d}/no-dir' does not exist.`,
  },
  { args: () => ["get-object", "bkt"], message: "Missing argument 'KEY'." },
  {
    args: (d) => ["get-objects", "bkt", "-o", `${d}/file.txt`],
    message: `Invalid value for '--output': Directory '{d}/file.txt' is a file.`,
  },
  { args: () => ["get-objects"], message: "Missing argument 'BUCKET'." },
  { args: () => ["get-objects", "no"], message: /Invalid value for 'BUCKET': 'no' is not a valid/ },
  {
    args: () => ["delete-objects", "bkt", "a", "--prefix", "p/"],
    message: "Cannot pass both keys and --prefix",
  },
  { args: () => ["delete-objects", "bkt"], message: "Specify one or more keys or use --prefix" },
  {
    args: () => ["delete-objects", "bkt", "--prefix", ""],
    message: "Specify one or more keys or use --prefix",
  },
  {
    args: () => ["list-bucket", "bkt", "--csv", "--tsv"],
    message: "--csv, --tsv cannot be used together",
  },
  { args: () => ["list-bucket"], message: "Missing argument 'BUCKET'." },
  {
    args: () => ["list-bucket", "bkt", "--prefix"],
    message: "Option '--prefix' requires an argument.",
  },
];

Deno.test("object commands refuse bad input before any request", async () => {
  const dir = await Deno.makeTempDir({ prefix: "s3c-objects-usage-" });
  const endpoint = startFakeEndpoint();
  try {
    await Deno.writeTextFile(`${dir}/file.txt`, "x");
    const results = await mapLimit(
      cases,
      6,
      (c) => runCli([...c.args(dir), "--endpoint-url", endpoint.url], { env: FAKE_KEYS_ENV }),
    );
    for (const [i, result] of results.entries()) {
      const args = cases[i].args(dir).join(" ");
      assertUsageError(result, "", endpoint.requests);
      const message = cases[i].message;
      if (typeof message === "string") {
        assert.equal(result.stderr, `error: ${message.replaceAll("{d}", dir)}\n`, args);
      } else {
        assert.match(result.stderr, new RegExp(`^error: .*${message.source}`), args);
      }
    }
    assert.deepEqual(await filesUnder(dir), ["file.txt"], "nothing was written");
  } finally {
    await endpoint.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("help shows the reference's argument layout", async () => {
  const results = await Promise.all(
    ["put-objects", "get-objects", "delete-objects", "put-object", "get-object", "list-bucket"].map(
      (name) => runCli([name, "--help"]),
    ),
  );
  const usage = results.map((result) => linesOf(result.stdout)[1].trim());
  assert.equal(usage[0], "s3-credentials put-objects [OPTIONS] BUCKET OBJECTS...");
  assert.equal(usage[1], "s3-credentials get-objects [OPTIONS] BUCKET [KEYS]...");
  assert.equal(usage[2], "s3-credentials delete-objects [OPTIONS] BUCKET [KEYS]...");
  assert.match(usage[3], /^s3-credentials put-object .* <BUCKET> <KEY> <PATH>$/);
  assert.match(usage[4], /^s3-credentials get-object .* <BUCKET> <KEY>$/);
  assert.match(usage[5], /^s3-credentials list-bucket .* <BUCKET>$/);
});
