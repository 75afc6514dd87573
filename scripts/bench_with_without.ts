// What four choices for transfers buy, each measured with and
// without it in the same run: `deno task bench-objects --with-without [--runs N] [--disk]`.
//
// - Each of the V8 options the README's `deno run` line and the compiled
//   binaries start with (scripts/permissions.ts's V8_OPTIONS): the CLI's
//   get-objects of 1,000 and 20,000 files of 4 KiB and put-objects of 5,000,
//   against the do-nothing endpoint, started with all of them and without
//   that one; and the young and old generation options against V8's memory
//   saver mode in their place.
//
// - lib/transfer/helper-thread.ts: get-objects of 5,000 and 20,000 files of
//   4 KiB against the do-nothing endpoint, with a helper thread from the first
//   small object and without one (the CLI starts one from HELPER_FROM).
// - lib/aws/fetch-transport.ts: get-object of 256 MiB against the do-nothing
//   endpoint, over fetch and over the SDK's Node.js HTTP handler (wall, CPU,
//   peak memory). Small objects of get-objects go without either handler
//   (lib/aws/object-requests.ts), so only a large object shows the difference.
// - lib/aws/transfer-retry.ts: put-objects and get-objects of 200 files of
//   4 KiB through the fault proxy in front of moto, which answers every
//   second request with a 500, with the transfer retry strategy and with the
//   SDK's standard one (files that failed, wall time).
//
// The last three run scripts/transfer-variant.ts, which calls the library as the
// commands do with the setting chosen; variants take turns, medians of N
// runs. Every run is checked (objects done, files and bytes written). Rows
// are printed as docs/benchmarks.md writes them.
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { forEachConcurrently } from "../lib/concurrency.ts";
import { startFaultProxy } from "../tests/support/fault_proxy.ts";
import { machine, runOurs, scratchDir, TIME } from "./machine.ts";
import { MEMORY_FLAG, V8_OPTIONS, v8Flag } from "./permissions.ts";
import { median } from "./median.ts";
import { type NullS3, startNullS3 } from "./null-s3.ts";
import { startObjectBench } from "./object-bench.ts";
import {
  type Cost,
  expect,
  formatCost,
  medianCost,
  runsOf,
  tally,
  timedRun,
} from "./timed-process.ts";
import type { VariantOutcome } from "./transfer-variant.ts";

const MiB = 1024 * 1024;
const SMALL_SIZE = 4 * 1024;
const BIG_SIZE = 256 * MiB;
const RETRY_FILES = 200;
const runs = runsOf(Deno.args, 3);
const variant = new URL("./transfer-variant.ts", import.meta.url).pathname;
const reproduce = `\`deno task bench-objects ${Deno.args.join(" ")}\``;
const ENV = {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "us-east-1",
};

type Retry = "transfer" | "sdk";

/** One variant run: its cost and what it did. */
interface VariantRun extends Cost {
  outcome: VariantOutcome;
  /** Requests the server was sent, where counted (the fault proxy). */
  requests?: number;
}

async function runVariant(
  transport: "fetch" | "node",
  retry: Retry,
  endpoint: string,
  args: string[],
): Promise<VariantRun> {
  const run = await timedRun(
    [Deno.execPath(), "run", "-A", variant, transport, retry, endpoint, ...args],
    { env: ENV, keepStdout: true },
  );
  return { ...run, outcome: JSON.parse(run.stdout.trim().split("\n").at(-1)!) };
}

async function writeSmallFiles(dir: string, count: number): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const path = `${dir}/${String(i).padStart(6, "0")}.bin`;
    await Deno.writeFile(path, crypto.getRandomValues(new Uint8Array(SMALL_SIZE)));
  }
}

/** A row of the median costs with the piece measured and without it (named by `without`). */
function costRow(label: string, runs: Cost[], without: string, runsWithout: Cost[]): void {
  console.log(
    `| ${label} | ${formatCost(medianCost(runs))} | ${without}: ` +
      `${formatCost(medianCost(runsWithout))} | ${reproduce} |`,
  );
}

/** Runs `measure` for each variant in turn, `runs` times; each variant's runs. */
async function inTurns<V extends string, R extends Cost>(
  variants: readonly V[],
  measure: (variant: V) => Promise<R>,
): Promise<Map<V, R[]>> {
  const results = new Map<V, R[]>(variants.map((v) => [v, []]));
  for (let i = 0; i < runs; i++) {
    for (const v of variants) results.get(v)!.push(await measure(v));
  }
  return results;
}

console.log(`Machine: ${machine()}; wall, CPU (user + system) and peak memory by ${TIME}`);
console.log(`Medians of ${runs} runs, variants taking turns`);
// `--disk`: the files in the system's temporary directory rather than on tmpfs.
const tmp = await scratchDir("s3c-bench-with-without-", Deno.args.includes("--disk"));
console.log(`Files in ${tmp}\n`);
console.log("| what | this tool | peer or floor (same run) | reproduce |\n|---|---|---|---|");
const servers: NullS3[] = [];
try {
  // Each V8 option the CLI ships with: the CLI as it ships, and started without that option.
  const modes = ["with", "without"] as const;
  const downloadServers = [1_000, 20_000].map((files) => {
    const server = startNullS3({ smallCount: files, smallSize: SMALL_SIZE, bigSize: 0 });
    servers.push(server);
    return { files, server };
  });
  const uploadFiles = 5_000;
  const sink = startNullS3({ smallCount: 0, smallSize: SMALL_SIZE, bigSize: 0 });
  servers.push(sink);
  const sources = `${tmp}/saver-files`;
  await writeSmallFiles(sources, uploadFiles);
  // Each option against the others alone; then the young and old generation options against V8's
  // memory saver mode, which kept peak memory as low before them.
  const comparisons = [
    ...V8_OPTIONS.map((option) => ({
      what: `with V8's \`${option}\``,
      other: "without it",
      flag: v8Flag(V8_OPTIONS.filter((other) => other !== option)),
    })),
    {
      what: `with V8's \`${V8_OPTIONS.slice(0, 2).join(" ")}\``,
      other: "with its `--memory-saver-mode` instead",
      flag: v8Flag(["--memory-saver-mode", ...V8_OPTIONS.slice(2)]),
    },
  ];
  for (const { what: withWhat, other, flag } of comparisons) {
    const shipped = runOurs();
    const launches = {
      with: shipped,
      without: shipped.map((arg) => arg === MEMORY_FLAG ? flag : arg),
    } as const;
    const cli = (mode: typeof modes[number], args: string[], endpoint: string) =>
      timedRun([Deno.execPath(), ...launches[mode], ...args, "--endpoint-url", endpoint], {
        env: ENV,
      });
    const optionRow = (what: string, results: Map<string, Cost[]>) =>
      costRow(
        `${what}, ${withWhat}, do-nothing endpoint`,
        results.get("with")!,
        other,
        results.get("without")!,
      );
    for (const { files, server } of downloadServers) {
      const downloads = await inTurns(modes, async (mode) => {
        const out = `${tmp}/saver.out`;
        const run = await cli(mode, ["get-objects", "bench", "-o", out, "-s"], server.endpoint);
        const { files: written, bytes } = await tally(out);
        expect("files written", written, files);
        expect("bytes written", bytes, files * SMALL_SIZE);
        await Deno.remove(out, { recursive: true });
        return run;
      });
      optionRow(`\`get-objects\`, ${files.toLocaleString("en")} files of 4 KiB`, downloads);
    }
    const uploads = await inTurns(modes, async (mode) => {
      const before = sink.objects;
      const run = await cli(mode, ["put-objects", "bench", sources, "-s"], sink.endpoint);
      expect("objects stored", sink.objects - before, uploadFiles);
      return run;
    });
    optionRow("`put-objects`, 5,000 files of 4 KiB", uploads);
  }

  // The helper thread of get-objects: from the first small object, and without one.
  const helperModes = ["helper", "alone"] as const;
  for (const files of [5_000, 20_000]) {
    const server = startNullS3({ smallCount: files, smallSize: SMALL_SIZE, bigSize: 0 });
    servers.push(server);
    const results = await inTurns(helperModes, async (mode) => {
      const out = `${tmp}/helper.out`;
      const run = await timedRun([
        Deno.execPath(),
        "run",
        "-A",
        MEMORY_FLAG,
        variant,
        "fetch",
        "transfer",
        server.endpoint,
        "get-objects",
        "bench",
        out,
        mode,
      ], { env: ENV, keepStdout: true });
      const outcome: VariantOutcome = JSON.parse(run.stdout.trim().split("\n").at(-1)!);
      expect("files written", outcome.done, files);
      if (mode === "helper" && !outcome.helped) throw new Error("the helper wrote nothing");
      const { files: written, bytes } = await tally(out);
      expect("files written", written, files);
      expect("bytes written", bytes, files * SMALL_SIZE);
      await Deno.remove(out, { recursive: true });
      return run;
    });
    costRow(
      `\`get-objects\`, ${files.toLocaleString("en")} files of 4 KiB, with a helper thread ` +
        "(`helper-thread.ts`), do-nothing endpoint",
      results.get("helper")!,
      "without it",
      results.get("alone")!,
    );
  }

  // fetch-transport: downloads over fetch against the SDK's Node.js handler.
  const big = startNullS3({ smallCount: 0, smallSize: SMALL_SIZE, bigSize: BIG_SIZE });
  servers.push(big);
  const transports = ["fetch", "node"] as const;
  const bigRuns = await inTurns(transports, async (transport) => {
    const out = `${tmp}/big.out`;
    const run = await runVariant(transport, "transfer", big.endpoint, [
      "get-object",
      "bench",
      "big",
      out,
    ]);
    expect("objects downloaded", run.outcome.done, 1);
    expect("bytes written", (await Deno.stat(out)).size, BIG_SIZE);
    await Deno.remove(out);
    return run;
  });
  costRow(
    "`get-object -o`, 256 MiB, with `fetch-transport.ts`, do-nothing endpoint",
    bigRuns.get("fetch")!,
    "without it (the SDK's Node.js handler)",
    bigRuns.get("node")!,
  );

  // transfer-retry: a server that fails every second request, with and without the strategy.
  const { moto, s3, close } = await startObjectBench("with-without");
  try {
    await s3.send(new CreateBucketCommand({ Bucket: "source" }));
    await s3.send(new CreateBucketCommand({ Bucket: "uploads" }));
    const body = new Uint8Array(SMALL_SIZE);
    const keys = Array.from({ length: RETRY_FILES }, (_, i) => `f-${String(i).padStart(6, "0")}`);
    await forEachConcurrently(keys, 8, async (key) => {
      await s3.send(new PutObjectCommand({ Bucket: "source", Key: key, Body: body }));
    });
    const uploadDir = `${tmp}/retry-files`;
    await writeSmallFiles(uploadDir, RETRY_FILES);
    const retries: readonly Retry[] = ["transfer", "sdk"];
    // A fresh proxy for each run: the failing requests are the same ones every time.
    const throughFaults = async (transport: "fetch" | "node", retry: Retry, args: string[]) => {
      const proxy = startFaultProxy(
        moto.endpoint,
        (request) => request.index % 2 === 1 ? { kind: "status", status: 500 } : { kind: "pass" },
      );
      try {
        const run = await runVariant(transport, retry, proxy.url, args);
        return { ...run, requests: proxy.log.length };
      } finally {
        await proxy.close();
      }
    };
    const retryRow = (label: string, results: Map<string, VariantRun[]>) => {
      const cell = (list: VariantRun[]) => {
        const stopped = list.filter((run) => run.outcome.stopped !== undefined).length;
        const failed = median(list.map((run) => run.outcome.failed));
        const wall = median(list.map((run) => run.wallS)).toFixed(2);
        const requests = median(list.map((run) => run.requests ?? 0));
        const stops = stopped > 0 ? `, run stopped in ${stopped} of ${list.length}` : "";
        return `${failed} of ${RETRY_FILES} failed${stops}, ${wall} s, ${requests} requests`;
      };
      console.log(
        `| ${label} | ${cell(results.get("transfer")!)} | without it (the SDK's standard ` +
          `strategy): ${cell(results.get("sdk")!)} | ${reproduce} |`,
      );
      // What a failure was, on stderr: not part of the row.
      const seen = [...results.values()].flat().flatMap((run) => [
        ...(run.outcome.stopped ? [`run stopped: ${run.outcome.stopped}`] : []),
        ...run.outcome.errors,
      ]);
      if (seen.length > 0) console.error(`  (for example: ${seen[0].trim()})`);
    };
    const uploads = await inTurns(retries, async (retry) => {
      const run = await throughFaults("node", retry, ["put-objects", "uploads", uploadDir]);
      if (run.outcome.stopped === undefined) {
        expect("objects uploaded and failed", run.outcome.done + run.outcome.failed, RETRY_FILES);
      }
      return run;
    });
    retryRow(
      "`put-objects`, 200 files, every 2nd request a 500, with `transfer-retry.ts`",
      uploads,
    );
    const downloads = await inTurns(retries, async (retry) => {
      const out = `${tmp}/retry.out`;
      const run = await throughFaults("fetch", retry, ["get-objects", "source", out]);
      if (run.outcome.stopped === undefined) {
        expect("objects downloaded and failed", run.outcome.done + run.outcome.failed, RETRY_FILES);
        expect("files written", (await tally(out)).files, run.outcome.done);
      }
      await Deno.remove(out, { recursive: true }).catch(() => {});
      return run;
    });
    retryRow(
      "`get-objects`, 200 files, every 2nd request a 500, with `transfer-retry.ts`",
      downloads,
    );
  } finally {
    await close();
  }
} finally {
  for (const server of servers) await server.close();
  await Deno.remove(tmp, { recursive: true });
}
