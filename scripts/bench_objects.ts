// Object transfer benchmark: `deno task bench-objects [--runs N]`; with
// `--uploads`, `--null` or `--with-without`, the section of that name instead.
// Against a local moto emulator, runs the CLI as a subprocess and reports the
// wall time and peak memory (maximum resident set size of the process) of:
// put-objects and get-objects of 1,000 files of 4 KiB; put-object and
// get-object of one 256 MiB file; put-object of 256 MiB from standard input;
// list-bucket of 20,000 keys. Each result is checked (file counts, bytes).
// The floors time the same requests as plain fetch calls from this process:
// what the emulator alone needs, measured in the same run, shown beside the
// rows they bound. Rows are printed as docs/benchmarks.md writes them, each
// figure the median of N runs. Temporary files live in one temporary
// directory, removed at the end.
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { DOWNLOAD_CONCURRENCY, UPLOAD_CONCURRENCY } from "../lib/cli/flags/transfer.ts";
import { forEachConcurrently } from "../lib/concurrency.ts";
import { startObjectBench } from "./object-bench.ts";
import { haveTime, machine, runOurs, TIME, vmHwmKiB } from "./machine.ts";
import { median } from "./median.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

// `--uploads`: the upload table alone (ours, the Python tool, the emulator; wall, CPU, memory).
if (Deno.args.includes("--uploads")) {
  await import("./bench_uploads.ts");
  Deno.exit(0);
}
// `--null`: client cost against the do-nothing endpoint (ours, the Python tool, the AWS CLI).
if (Deno.args.includes("--null")) {
  await import("./bench_null.ts");
  Deno.exit(0);
}
// `--with-without`: what the V8 options, the helper thread, the fetch transport and the transfer
// retry strategy buy.
if (Deno.args.includes("--with-without")) {
  await import("./bench_with_without.ts");
  Deno.exit(0);
}

const runsAt = Deno.args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(Deno.args[runsAt + 1]) : 1;
const MiB = 1024 * 1024;
const SMALL_FILES = 1000;
const SMALL_SIZE = 4 * 1024;
const BIG_SIZE = 256 * MiB;
const LISTED_KEYS = 20_000;

interface Measurement {
  ms: number;
  peakMiB: number;
  stdout: string;
}

/**
 * Runs our CLI (runOurs) with `args` (standard input from `stdinPath` if
 * given) and measures it: peak memory from `/usr/bin/time` where present,
 * else VmHWM polled from /proc while it runs.
 */
async function measure(
  args: string[],
  env: Record<string, string>,
  options: { stdinPath?: string; stdoutToNull?: boolean } = {},
): Promise<Measurement> {
  const timeFile = await Deno.makeTempFile({ prefix: "s3c-bench-time-" });
  const command = haveTime
    ? [TIME, "-f", "%M", "-o", timeFile, Deno.execPath()]
    : [Deno.execPath()];
  const started = performance.now();
  const child = new Deno.Command(command[0], {
    args: [...command.slice(1), ...runOurs(), ...args],
    env: { NO_COLOR: "1", AWS_EC2_METADATA_DISABLED: "true", ...env },
    stdin: options.stdinPath ? "piped" : "null",
    stdout: options.stdoutToNull ? "null" : "piped",
    stderr: "piped",
  }).spawn();
  let polled = 0;
  let running = true;
  const poller = (async () => {
    while (running && !haveTime) {
      polled = Math.max(polled, await vmHwmKiB(child.pid));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const fed = options.stdinPath
    ? (await Deno.open(options.stdinPath)).readable.pipeTo(child.stdin)
    : Promise.resolve();
  const [output] = await Promise.all([child.output(), fed]);
  const ms = performance.now() - started;
  running = false;
  await poller;
  const timed = haveTime
    ? Number((await Deno.readTextFile(timeFile)).trim().split("\n").at(-1))
    : 0;
  await Deno.remove(timeFile);
  if (!output.success) {
    throw new Error(`${args.join(" ")}: ${new TextDecoder().decode(output.stderr)}`);
  }
  return {
    ms,
    peakMiB: (haveTime ? timed : polled) / 1024,
    stdout: options.stdoutToNull ? "" : new TextDecoder().decode(output.stdout),
  };
}

async function countFiles(dir: string): Promise<number> {
  let count = 0;
  for await (const entry of Deno.readDir(dir)) {
    count += entry.isDirectory ? await countFiles(`${dir}/${entry.name}`) : 1;
  }
  return count;
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const digest = async (path: string) =>
    new Uint8Array(await crypto.subtle.digest("SHA-256", await Deno.readFile(path))).join();
  return (await digest(a)) === (await digest(b));
}

const reproduce = `\`deno task bench-objects${runs > 1 ? ` --runs ${runs}` : ""}\``;
const seconds = (results: Measurement[]) =>
  `${(median(results.map((r) => r.ms)) / 1000).toFixed(2)} s`;

/** Prints a row as docs/benchmarks.md writes it: the CLI's wall time and memory, and its floor. */
function report(label: string, results: Measurement[], floor = "—") {
  const peak = median(results.map((r) => r.peakMiB));
  const memory = peak > 0 ? `, ${peak.toFixed(0)} MiB` : "";
  console.log(`| ${label} | ${seconds(results)}${memory} | ${floor} | ${reproduce} |`);
}

/** Unsigned requests: moto checks no signature while IAM enforcement is off. */
const UNSIGNED = "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, " +
  "SignedHeaders=host, Signature=0";

/**
 * What the emulator alone allows: the same requests as plain `fetch` calls
 * from this process (no start-up, no SDK, no signing, bodies discarded),
 * timed in the same run as the CLI so the two can be compared.
 */
async function floor(
  requests: readonly { method: string; path: string; body?: Uint8Array<ArrayBuffer> }[],
  concurrency: number,
): Promise<Measurement> {
  const started = performance.now();
  await forEachConcurrently(requests, concurrency, async ({ method, path, body }) => {
    const response = await fetch(`${moto.endpoint}${path}`, {
      method,
      body,
      headers: { authorization: UNSIGNED },
    });
    for await (const _ of response.body ?? []) {
      // read and dropped
    }
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  });
  return { ms: performance.now() - started, peakMiB: 0, stdout: "" };
}

async function repeat(n: number, run: (i: number) => Promise<Measurement>) {
  const results: Measurement[] = [];
  for (let i = 0; i < n; i++) results.push(await run(i));
  return results;
}

console.log(`Machine: ${machine()}; memory: ${haveTime ? TIME : "VmHWM polled"}\n`);
const { moto, tmp, s3, env, close } = await startObjectBench("objects");
const at = ["--endpoint-url", moto.endpoint];
try {
  for (const bucket of ["small", "big", "listing", "floor"]) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  // 1,000 files of 4 KiB, and one 256 MiB file (1 MiB of random bytes, repeated).
  await Deno.mkdir(`${tmp}/files`);
  for (let i = 0; i < SMALL_FILES; i++) {
    await Deno.writeFile(
      `${tmp}/files/${String(i).padStart(4, "0")}.bin`,
      crypto.getRandomValues(new Uint8Array(SMALL_SIZE)),
    );
  }
  const block = crypto.getRandomValues(new Uint8Array(MiB / 16)).slice();
  const big = await Deno.open(`${tmp}/big.bin`, { write: true, create: true });
  for (let written = 0; written < BIG_SIZE; written += block.length) {
    block[0] = written / block.length; // no two blocks alike
    await big.write(block);
  }
  big.close();

  console.log("| what | this tool | peer or floor (same run) | reproduce |\n|---|---|---|---|");
  report(
    "`list-bucket` of an empty bucket (start-up and SDK)",
    await repeat(runs, () => measure(["list-bucket", "listing", ...at], env)),
  );
  const smallBody = new Uint8Array(SMALL_SIZE);
  const floorKeys = Array.from({ length: SMALL_FILES }, (_, i) => `/floor/f${i}`);
  const putFloor = await repeat(
    runs,
    () =>
      floor(
        floorKeys.map((path) => ({ method: "PUT", path, body: smallBody })),
        UPLOAD_CONCURRENCY,
      ),
  );
  const getFloor = await repeat(
    runs,
    () => floor(floorKeys.map((path) => ({ method: "GET", path })), DOWNLOAD_CONCURRENCY),
  );
  report(
    "`put-objects`, 1,000 files of 4 KiB",
    await repeat(runs, () => measure(["put-objects", "small", `${tmp}/files`, "-s", ...at], env)),
    `floor ${seconds(putFloor)} (1,000 PUTs, ${UPLOAD_CONCURRENCY} at a time)`,
  );
  const smallDown = await repeat(runs, async (i) => {
    const result = await measure(["get-objects", "small", "-o", `${tmp}/down-${i}`, ...at], env);
    const count = await countFiles(`${tmp}/down-${i}/files`);
    if (count !== SMALL_FILES) throw new Error(`get-objects wrote ${count} files`);
    return result;
  });
  report(
    "`get-objects`, 1,000 files of 4 KiB",
    smallDown,
    `floor ${seconds(getFloor)} (1,000 GETs, ${DOWNLOAD_CONCURRENCY} at a time)`,
  );
  report(
    "`put-object`, 256 MiB file (without CPU: see `--uploads`)",
    await repeat(
      runs,
      () => measure(["put-object", "big", "big.bin", `${tmp}/big.bin`, ...at], env),
    ),
  );
  const bigFloor = await repeat(runs, () => floor([{ method: "GET", path: "/big/big.bin" }], 1));
  report(
    "`get-object -o`, one 256 MiB object",
    await repeat(runs, async () => {
      const result = await measure(
        ["get-object", "big", "big.bin", "-o", `${tmp}/big.out`, ...at],
        env,
      );
      if (!await sameBytes(`${tmp}/big.bin`, `${tmp}/big.out`)) throw new Error("bytes differ");
      await Deno.remove(`${tmp}/big.out`);
      return result;
    }),
    `floor ${seconds(bigFloor)} (one GET)`,
  );
  report(
    "`get-object` to stdout, 256 MiB",
    await repeat(
      runs,
      () => measure(["get-object", "big", "big.bin", ...at], env, { stdoutToNull: true }),
    ),
    `floor ${seconds(bigFloor)}`,
  );
  report(
    "`put-object -`, 256 MiB from standard input (without CPU: see `--uploads`)",
    await repeat(
      runs,
      () =>
        measure(["put-object", "big", "stdin.bin", "-", ...at], env, {
          stdinPath: `${tmp}/big.bin`,
        }),
    ),
  );

  // 20,000 empty objects, put concurrently with plain fetch (moto checks no signature while
  // IAM enforcement is off; the SDK would spend the client's share of the CPU on signing).
  const seeding = performance.now();
  const keys = Array.from({ length: LISTED_KEYS }, (_, i) => `dir-${i % 20}/key-${i}`);
  await forEachConcurrently(keys, 16, async (key) => {
    const response = await fetch(`${moto.endpoint}/listing/${key}`, {
      method: "PUT",
      headers: { authorization: UNSIGNED },
      body: "",
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`seeding ${key}: ${response.status}`);
  });
  console.log(
    `(seeded ${LISTED_KEYS} keys in ${((performance.now() - seeding) / 1000).toFixed(1)} s)`,
  );
  const listed = await repeat(runs, async () => {
    const result = await measure(["list-bucket", "listing", "--nl", ...at], env);
    const lines = result.stdout.split("\n").length - 1;
    if (lines !== LISTED_KEYS) throw new Error(`list-bucket printed ${lines} keys`);
    return result;
  });
  report("`list-bucket --nl`, 20,000 keys", listed);
  report(
    "`list-bucket`, 20,000 keys (JSON array)",
    await repeat(
      runs,
      () => measure(["list-bucket", "listing", ...at], env, { stdoutToNull: true }),
    ),
  );
} finally {
  await close();
}
