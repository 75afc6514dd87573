// One client run as a whole process under GNU time (wall, CPU, peak memory),
// and how the benchmarks that compare clients summarise and print such runs.
import { haveTime, TIME } from "./machine.ts";
import { median } from "./median.ts";

/** A process's cost: wall time, CPU (user + system) and peak resident set. */
export interface Cost {
  wallS: number;
  cpuS: number;
  peakMiB: number;
}

/** How to run one process. */
export interface RunOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** A file fed to its standard input. */
  stdinPath?: string;
  /** Kept and returned (a listing to check); otherwise standard output is discarded. */
  keepStdout?: boolean;
}

/** What one run cost, and its standard output when kept. */
export interface Run extends Cost {
  stdout: string;
}

/** Runs `command` under GNU time; a failed run throws with its standard error. */
export async function timedRun(command: string[], options: RunOptions = {}): Promise<Run> {
  if (!haveTime) throw new Error(`${TIME} is needed to measure CPU and memory`);
  const timeFile = await Deno.makeTempFile({ prefix: "s3c-bench-time-" });
  try {
    const started = performance.now();
    const child = new Deno.Command(TIME, {
      args: ["-f", "%M %U %S", "-o", timeFile, ...command],
      env: { NO_COLOR: "1", AWS_EC2_METADATA_DISABLED: "true", ...options.env },
      stdin: options.stdinPath ? "piped" : "null",
      stdout: options.keepStdout ? "piped" : "null",
      stderr: "piped",
    }).spawn();
    const fed = options.stdinPath
      ? (await Deno.open(options.stdinPath)).readable.pipeTo(child.stdin)
      : Promise.resolve();
    const [output] = await Promise.all([child.output(), fed]);
    const wallS = (performance.now() - started) / 1000;
    if (!output.success) {
      throw new Error(`${command.join(" ")}: ${new TextDecoder().decode(output.stderr)}`);
    }
    // GNU time's last line; a line before it may say the command's exit status.
    const [kib, user, system] = (await Deno.readTextFile(timeFile)).trim().split("\n").at(-1)!
      .split(" ").map(Number);
    const stdout = options.keepStdout ? new TextDecoder().decode(output.stdout) : "";
    return { wallS, cpuS: user + system, peakMiB: kib / 1024, stdout };
  } finally {
    await Deno.remove(timeFile);
  }
}

/** Each figure's median over the runs, taken figure by figure. */
export function medianCost(runs: readonly Cost[]): Cost {
  return {
    wallS: median(runs.map((run) => run.wallS)),
    cpuS: median(runs.map((run) => run.cpuS)),
    peakMiB: median(runs.map((run) => run.peakMiB)),
  };
}

/** A cost as docs/benchmarks.md writes it: `0.79 s, CPU 0.52 s, 110 MiB`. */
export function formatCost(cost: Cost): string {
  return `${cost.wallS.toFixed(2)} s, CPU ${cost.cpuS.toFixed(2)} s, ${
    cost.peakMiB.toFixed(0)
  } MiB`;
}

/** `--runs N` from the arguments, else `fallback`. */
export function runsOf(args: readonly string[], fallback: number): number {
  const at = args.indexOf("--runs");
  const runs = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs needs a whole number, not ${runs}`);
  }
  return runs;
}

/** Files and bytes below `dir`, to check what a transfer wrote. */
export async function tally(dir: string): Promise<{ files: number; bytes: number }> {
  const total = { files: 0, bytes: 0 };
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) {
      const inner = await tally(path);
      total.files += inner.files;
      total.bytes += inner.bytes;
    } else {
      total.files++;
      total.bytes += (await Deno.stat(path)).size;
    }
  }
  return total;
}

/** Throws unless a benchmark's result is what it should be. */
export function expect(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${what}: ${actual}, expected ${expected}`);
}
