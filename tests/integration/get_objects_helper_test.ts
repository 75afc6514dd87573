// get-objects' helper thread (lib/transfer/helper-thread.ts) against the
// emulator: it writes a share of the small objects, byte for byte, signing
// with the run's own credentials; what it fails on is handed back and done
// (or reported) by the main thread exactly as without it; stopping the run
// stops it too, leaving no temporary file.
import assert from "node:assert/strict";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { createClients } from "../../lib/aws/clients.ts";
import { forEachConcurrently } from "../../lib/concurrency.ts";
import { downloadObjects, type DownloadRequest } from "../../lib/transfer/get-objects.ts";
import { type Fault, startFaultProxy } from "../support/fault_proxy.ts";
import { startMoto } from "../support/moto.ts";
import { filesUnder, randomBytes, s3At } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const ROOT = new URL("../../", import.meta.url).pathname;
const TOO_LONG = "t".repeat(300);
/**
 * Keys at the top, in shared and nested directories, with spaces; sizes from empty to 9 KB.
 * (The emulator's signature check mistakes keys with `+`, `=` or non-ASCII letters.)
 */
const KEYS = Array.from({ length: 240 }, (_, i) => {
  const shapes = [`flat-${i}.bin`, `d${i % 7}/sub/${i}.bin`, `spaced name ${i}`, `x/${i}~_.txt`];
  return shapes[i % shapes.length];
});
const bodyOf = (key: string) => randomBytes(KEYS.indexOf(key) * 37 % 9000, KEYS.indexOf(key) + 1);

const noProgress = { start() {}, advance() {} };

async function seeded(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
) {
  const seed = s3At(endpoint, credentials);
  await seed.send(new CreateBucketCommand({ Bucket: "many" }));
  await forEachConcurrently([...KEYS, `${TOO_LONG}/k`], 16, async (key) => {
    const body = key.startsWith(TOO_LONG) ? new Uint8Array(3) : bodyOf(key);
    await seed.send(new PutObjectCommand({ Bucket: "many", Key: key, Body: body }));
  });
  seed.destroy();
}

/** Every file of `dir` holds its key's bytes, and there is no other file (temporary ones included). */
async function assertExactFiles(dir: string, keys: readonly string[] = KEYS): Promise<void> {
  const files = (await filesUnder(dir)).filter((path) => !path.endsWith("/"));
  assert.deepEqual(files, [...keys].sort());
  for (const key of keys) assert.deepEqual(await Deno.readFile(`${dir}/${key}`), bodyOf(key));
}

/**
 * Answers that would pass are held until five are held at once: more than the main thread's
 * 4 at a time (of --concurrency 8, the helper runs the other 4), so the helper is at work however
 * slowly its thread started (after 20 s, all pass).
 */
function bothThreadsAtWork() {
  const { promise: opened, resolve: open } = Promise.withResolvers<void>();
  const timer = setTimeout(open, 20_000);
  let held = 0;
  return {
    pass(): Fault {
      if (++held === 5) open();
      return { kind: "hold-response", release: opened };
    },
    close() {
      clearTimeout(timer);
      open();
    },
  };
}

Deno.test("get-objects' helper thread", async (t) => {
  const moto = await startMoto();
  const tmp = await Deno.makeTempDir({ prefix: "s3c-helper-" });
  // The helper runs the program's bundle, as a run from the README's URL does: `deno test` would
  // type-check main.ts again for every thread started from it, for seconds.
  const built = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}scripts/bundle.ts`, `${tmp}/s3-credentials.js`],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.ok(built.success, new TextDecoder().decode(built.stderr));
  const helperModule = `file://${tmp}/s3-credentials.js`;
  // Signatures are checked: the helper must sign with the run's keys.
  const keys = await moto.enableAuth();
  await seeded(moto.endpoint, keys);
  const clientsFor = (endpointUrl: string) =>
    createClients({ credentials: keys, endpointUrl, region: "us-east-1" }, ["s3"], {
      s3Transport: "fetch",
      transfers: true,
    });
  const request = (outputDir: string, helper: boolean): DownloadRequest => ({
    bucket: "many",
    outputDir,
    keys: [],
    patterns: [],
    concurrency: 8,
    measure: false,
    ...(helper ? { helperModule, helperFrom: 10 } : {}),
  });
  try {
    await t.step("writes a share of the small objects, the rest as without it", async () => {
      const { s3 } = await clientsFor(moto.endpoint);
      const alone = await downloadObjects(s3, request(`${tmp}/alone`, false), noProgress);
      s3.destroy();
      const both = bothThreadsAtWork();
      const proxy = startFaultProxy(moto.endpoint, (request): Fault => {
        if (request.method !== "GET" || request.target.startsWith("/many?")) {
          return { kind: "pass" };
        }
        return both.pass();
      });
      let helped;
      try {
        const { s3 } = await clientsFor(proxy.url);
        helped = await downloadObjects(s3, request(`${tmp}/helped`, true), noProgress);
        s3.destroy();
      } finally {
        both.close();
        await proxy.close();
      }
      assert.equal(alone.helped, 0);
      assert.ok(helped.helped > 0 && helped.helped < KEYS.length, `helped ${helped.helped}`);
      assert.equal(helped.written, KEYS.length);
      // The key whose name is too long fails in either thread, and is named as the main thread names it.
      assert.equal(helped.problems.length, 1);
      assert.match(helped.problems[0], /^Failed: t+\/k \(File name too long/);
      assert.deepEqual(
        helped.problems,
        alone.problems.map((line) => line.replaceAll("alone", "helped")),
      );
      await assertExactFiles(`${tmp}/helped`);
    });

    await t.step("what it fails on is downloaded once by the main thread", async () => {
      // The first GET of every third key fails; every other request passes.
      const pathOf = (key: string) => `/many/${key.split("/").map(encodeURIComponent).join("/")}`;
      const failing = new Set(KEYS.filter((_, i) => i % 3 === 0).map(pathOf));
      const seen = new Map<string, number>();
      const both = bothThreadsAtWork();
      const proxy = startFaultProxy(moto.endpoint, (request): Fault => {
        const path = request.target.split("?")[0];
        if (request.method !== "GET" || path === "/many") return { kind: "pass" };
        seen.set(path, (seen.get(path) ?? 0) + 1);
        return failing.has(path) && seen.get(path) === 1
          ? { kind: "status", status: 500 }
          : both.pass();
      });
      try {
        const { s3 } = await clientsFor(proxy.url);
        const outcome = await downloadObjects(s3, request(`${tmp}/faults`, true), noProgress);
        s3.destroy();
        assert.ok(outcome.helped > 0, `helped ${outcome.helped}`);
        assert.equal(outcome.written, KEYS.length);
        assert.equal(outcome.problems.length, 1);
        await assertExactFiles(`${tmp}/faults`);
        // Each key once, or twice when its first answer was the failure: nothing fetched again.
        for (const key of KEYS) {
          assert.equal(seen.get(pathOf(key)), failing.has(pathOf(key)) ? 2 : 1, key);
        }
      } finally {
        both.close();
        await proxy.close();
      }
    });

    await t.step("stopping the run stops it: every file left is whole", async () => {
      // After 40 objects, answers are held: more than 4 held at once means both threads wait.
      const { promise: released, resolve: release } = Promise.withResolvers<void>();
      const { promise: bothWaiting, resolve: waiting } = Promise.withResolvers<void>();
      let objects = 0;
      const proxy = startFaultProxy(moto.endpoint, (request): Fault => {
        if (request.method !== "GET" || request.target.startsWith("/many?")) {
          return { kind: "pass" };
        }
        if (++objects <= 40) return { kind: "pass" };
        if (objects === 40 + 5) waiting();
        return { kind: "hold-response", release: released };
      });
      try {
        const { s3 } = await clientsFor(proxy.url);
        const stop = new AbortController();
        const interrupted = downloadObjects(
          s3,
          { ...request(`${tmp}/stopped`, true), signal: stop.signal },
          noProgress,
        );
        await bothWaiting;
        // Both threads' slots fill up with held requests: 8 in all, as --concurrency says.
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(objects - 40, 8);
        stop.abort(new Error("stopped"));
        await assert.rejects(interrupted, /^Error: stopped$/);
        release();
        s3.destroy();
        const left = (await filesUnder(`${tmp}/stopped`)).filter((path) => !path.endsWith("/"));
        assert.equal(left.length, 40);
        await assertExactFiles(`${tmp}/stopped`, left);
      } finally {
        release();
        await proxy.close();
      }
    });
  } finally {
    await moto.stop();
    await Deno.remove(tmp, { recursive: true });
  }
});
