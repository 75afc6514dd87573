// What the benchmarks say about the machine they ran on, how they launch our CLI, and how they
// read a child process's peak memory.
import { MEMORY_FLAG } from "./permissions.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/**
 * `deno` arguments that run our CLI from source as it ships, with the V8 option the binaries start
 * with (and `denoFlags`, such as a further V8 option); the CLI's own arguments follow.
 */
export function runOurs(...denoFlags: string[]): string[] {
  return ["run", "-A", MEMORY_FLAG, ...denoFlags, MAIN];
}

/** Cores, CPU model, memory, Deno version and OS, for the head of a benchmark report. */
export function machine(): string {
  let cpu: string | undefined;
  try {
    cpu = Deno.readTextFileSync("/proc/cpuinfo").match(/model name\s*:\s*(.*)/)?.[1];
  } catch {
    // not Linux
  }
  const gib = Math.round(Deno.systemMemoryInfo().total / 2 ** 30);
  return `${navigator.hardwareConcurrency} cores (${cpu ?? "unknown CPU"}), ${gib} GiB, ` +
    `Deno ${Deno.version.deno}, ${Deno.build.os}`;
}

/**
 * The Python tool (s3-credentials 0.17), where the benchmarks compare against it: beside the
 * repository, or where S3_CREDENTIALS_REFERENCE says (a checkout elsewhere, such as a worktree).
 */
export const REFERENCE = Deno.env.get("S3_CREDENTIALS_REFERENCE") ??
  new URL("../../shared/reference/s3-credentials", import.meta.url).pathname;

/** Whether the Python tool is installed at REFERENCE. */
export const haveReference = await Deno.stat(REFERENCE).then(() => true, () => false);

/** GNU time, which reports a child's maximum resident set size exactly. */
export const TIME = "/usr/bin/time";

/** Whether TIME is installed. */
export const haveTime = await Deno.stat(TIME).then(() => true, () => false);

/** VmHWM (peak resident set) of a running process, in KiB, from /proc; 0 when unreadable. */
export async function vmHwmKiB(pid: number): Promise<number> {
  try {
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * PATH with the real Python's directory first when `python3` is a pyenv shim, so that the
 * Python peers (the Python tool, the AWS CLI) are timed without the shim's own start-up.
 */
export async function pathWithoutShims(): Promise<string> {
  const path = Deno.env.get("PATH") ?? "";
  try {
    const output = await new Deno.Command("pyenv", { args: ["which", "python3"], stderr: "null" })
      .output();
    const python = new TextDecoder().decode(output.stdout).trim();
    return output.success && python ? `${python.replace(/\/[^/]*$/, "")}:${path}` : path;
  } catch {
    return path;
  }
}

const TMPFS = "/dev/shm";

/**
 * A fresh directory for the files a client-cost benchmark writes and reads: on tmpfs
 * (/dev/shm) where there is one, unless `onDisk`, so that what is measured is the client and
 * not the disk, whose time to create a file varies from run to run of the same client here.
 */
export async function scratchDir(prefix: string, onDisk: boolean): Promise<string> {
  const tmpfs = !onDisk && await Deno.stat(TMPFS).then((info) => info.isDirectory, () => false);
  return await Deno.makeTempDir({ prefix, dir: tmpfs ? TMPFS : undefined });
}
