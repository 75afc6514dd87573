// Ctrl+C while put-objects looks at its files (a synchronous scan, before
// any upload): the run ends at once with exit 130, and nothing is sent.
import assert from "node:assert/strict";
import { startNullS3 } from "../../scripts/null-s3.ts";
import { FAKE_KEYS_ENV, runCli, spawnCli } from "../support/cli.ts";

const DIRECTORIES = 100;
const FILES_EACH = 1000;

Deno.test("Ctrl+C during put-objects' scan of 100,000 files: exit 130 at once, nothing sent", async () => {
  const server = startNullS3({ smallCount: 0, smallSize: 0, bigSize: 0 });
  const tree = await Deno.makeTempDir({ prefix: "s3c-scan-" });
  try {
    for (let d = 0; d < DIRECTORIES; d++) {
      Deno.mkdirSync(`${tree}/d${d}`);
      for (let f = 0; f < FILES_EACH; f++) {
        Deno.writeFileSync(`${tree}/d${d}/f${f}`, new Uint8Array());
      }
    }
    const args = ["put-objects", "bkt", tree, "-s", "--endpoint-url", server.endpoint];
    // How long a whole scan takes here (start-up included): the signal comes halfway through.
    const started = performance.now();
    const dryRun = await runCli([...args, "--dry-run"], { env: FAKE_KEYS_ENV });
    const scanMs = performance.now() - started;
    assert.equal(dryRun.code, 0, dryRun.stderr);
    assert.equal(dryRun.stdout.split("\n").length, DIRECTORIES * FILES_EACH + 1);

    const halfway = new Promise((resolve) => setTimeout(resolve, scanMs / 2));
    const cli = await spawnCli(args, { env: FAKE_KEYS_ENV, ready: halfway });
    const sent = performance.now();
    const result = await cli.stop("SIGINT");
    const stoppedMs = performance.now() - sent;
    assert.equal(result.code, 130, result.stderr);
    assert.equal(result.stdout, "");
    assert.ok(stoppedMs < scanMs / 4, `stopped ${stoppedMs.toFixed(0)} ms after the signal`);
    assert.equal(server.requests, 0);
  } finally {
    await server.close();
    await Deno.remove(tree, { recursive: true });
  }
});
