// get-objects' helper thread loads while the listing goes on, from the listed
// object that makes it worth its start (HELPER_FROM small ones): its thread is
// there while the listing's next page is held. A listing that fails after the
// helper has begun to load still ends the run at once, with its error.
import assert from "node:assert/strict";
import { HELPER_FROM } from "../../lib/transfer/get-objects.ts";
import { type NullS3, smallKey, startNullS3 } from "../../scripts/null-s3.ts";
import {
  FAKE_KEYS_ENV,
  hasWorkerThread,
  nullBucketDownload,
  spawnCli,
  threadNames,
} from "../support/cli.ts";

const COUNT = HELPER_FROM + 1000;
const SIZE = 4096;
/** The listing page after the one that lists the HELPER_FROM-th object. */
const NEXT_PAGE_AFTER = smallKey(HELPER_FROM - 1);

const args = (server: NullS3, dir: string) => nullBucketDownload(server.endpoint, dir);

/** Waits up to `ms` for `pid` to have a worker thread; the thread names last seen. */
async function workerWithin(pid: number, ms: number): Promise<string[]> {
  let threads = threadNames(pid);
  for (const until = Date.now() + ms; !hasWorkerThread(threads) && Date.now() < until;) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    threads = threadNames(pid);
  }
  return threads;
}

/** A server whose listing page after NEXT_PAGE_AFTER waits for `answer` (asked when asked). */
function serverHolding(answer: Promise<Response | void>) {
  const asked = Promise.withResolvers<void>();
  const server = startNullS3({
    smallCount: COUNT,
    smallSize: SIZE,
    bigSize: 0,
    listingPage(after) {
      if (after !== NEXT_PAGE_AFTER) return Promise.resolve();
      asked.resolve();
      return answer;
    },
  });
  return { server, asked: asked.promise };
}

Deno.test("get-objects loads its helper while the listing goes on", async () => {
  const release = Promise.withResolvers<void>();
  const { server, asked } = serverHolding(release.promise);
  const dir = await Deno.makeTempDir({ prefix: "s3c-helper-listing-" });
  try {
    const cli = await spawnCli(args(server, dir), { env: FAKE_KEYS_ENV, ready: asked });
    const threads = await workerWithin(cli.pid, 20_000);
    release.resolve();
    const result = await cli.finished;
    assert.ok(
      hasWorkerThread(threads),
      `no helper while the listing was held: ${threads.join(", ")}`,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
    let files = 0;
    for await (const entry of Deno.readDir(dir)) {
      assert.equal((await Deno.stat(`${dir}/${entry.name}`)).size, SIZE, entry.name);
      files++;
    }
    assert.equal(files, COUNT);
    // The listing's pages and one GET per object: nothing fetched twice.
    assert.equal(server.requests, COUNT / 1000 + COUNT);
  } finally {
    release.resolve();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a listing that fails once the helper is loading ends the run with its error", async () => {
  const denied = new Response(
    "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
    { status: 403, headers: { "content-type": "application/xml" } },
  );
  const answer = Promise.withResolvers<Response>();
  const { server, asked } = serverHolding(answer.promise);
  const dir = await Deno.makeTempDir({ prefix: "s3c-helper-listing-" });
  try {
    const cli = await spawnCli(args(server, dir), { env: FAKE_KEYS_ENV, ready: asked });
    const threads = await workerWithin(cli.pid, 20_000);
    answer.resolve(denied);
    // A helper left loading would keep the process alive.
    const timer = Promise.withResolvers<"still running">();
    const timeout = setTimeout(() => timer.resolve("still running"), 20_000);
    const outcome = await Promise.race([cli.finished, timer.promise]);
    clearTimeout(timeout);
    const result = outcome === "still running" ? await cli.stop("SIGKILL") : outcome;
    assert.notEqual(outcome, "still running", "the run did not end");
    assert.ok(hasWorkerThread(threads), threads.join(", "));
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^error: .*AccessDenied|^error: .*[Aa]ccess [Dd]enied/);
    assert.equal(result.stderr.trimEnd().split("\n").length, 1, result.stderr);
    assert.equal(result.stdout, "");
    assert.deepEqual(await Array.fromAsync(Deno.readDir(dir)), []);
  } finally {
    answer.resolve(denied);
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
