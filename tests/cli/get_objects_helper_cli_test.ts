// get-objects of enough small objects to start its helper thread, as the
// CLI runs it: every file whole; without permission to read the program's
// own module no helper starts and nothing is said of it; Ctrl+C while the
// helper thread runs ends both threads' downloads with no temporary file left.
import assert from "node:assert/strict";
import { HELPER_FROM } from "../../lib/transfer/get-objects.ts";
import { type NullS3, startNullS3 } from "../../scripts/null-s3.ts";
import {
  FAKE_KEYS_ENV,
  hasWorkerThread,
  nullBucketDownload,
  runCli,
  spawnCli,
  threadNames,
} from "../support/cli.ts";

const COUNT = HELPER_FROM;
const SIZE = 4096;

/** The names and sizes of the files in `dir`, checked: only the bucket's keys, each whole. */
async function assertWholeFiles(dir: string): Promise<number> {
  let count = 0;
  for await (const entry of Deno.readDir(dir)) {
    assert.match(entry.name, /^small-\d{6}$/);
    const bytes = await Deno.readFile(`${dir}/${entry.name}`);
    assert.equal(bytes.length, SIZE, entry.name);
    assert.ok(bytes.every((byte) => byte === 0), entry.name);
    count++;
  }
  return count;
}

async function withEndpoint(test: (server: NullS3, dir: string) => Promise<void>) {
  const server = startNullS3({ smallCount: COUNT, smallSize: SIZE, bigSize: 0 });
  const dir = await Deno.makeTempDir({ prefix: "s3c-helper-cli-" });
  try {
    await test(server, dir);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const args = (server: NullS3, dir: string) => nullBucketDownload(server.endpoint, dir);

Deno.test(`get-objects of ${COUNT} small objects writes every one whole`, async () => {
  await withEndpoint(async (server, dir) => {
    const result = await runCli(args(server, dir), { env: FAKE_KEYS_ENV });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
    assert.equal(await assertWholeFiles(dir), COUNT);
    // The listing's pages and one GET per object: nothing fetched twice.
    assert.equal(server.requests, COUNT / 1000 + COUNT);
  });
});

Deno.test("get-objects without permission to read its own module: no helper, not a word", async () => {
  await withEndpoint(async (server, dir) => {
    const result = await runCli(args(server, dir), {
      env: FAKE_KEYS_ENV,
      permissions: ["--allow-net", "--allow-env", `--allow-read=${dir}`, `--allow-write=${dir}`],
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
    assert.equal(await assertWholeFiles(dir), COUNT);
  });
});

Deno.test("Ctrl+C during get-objects with its helper: exit 130, no temporary file", async () => {
  await withEndpoint(async (server, dir) => {
    const begun = (async () => {
      while (server.requests < COUNT / 4) await new Promise((resolve) => setTimeout(resolve, 5));
    })();
    const cli = await spawnCli(args(server, dir), { env: FAKE_KEYS_ENV, ready: begun });
    // The helper is at work.
    const threads = threadNames(cli.pid);
    const result = await cli.stop("SIGINT");
    assert.ok(hasWorkerThread(threads), threads.join(", "));
    assert.equal(result.code, 130, result.stderr);
    assert.equal(result.stderr, "error: interrupted\n");
    const written = await assertWholeFiles(dir);
    assert.ok(written > 0 && written < COUNT, `${written} files`);
  });
});
