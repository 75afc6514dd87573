// Flags shared by the object transfers (get-*, put-*): progress, concurrency, where downloads go.
import { dirname } from "node:path";
import { type Progress, progressModeFor, startProgress } from "../../output/progress.ts";

export const silentFlagParameter = {
  kind: "boolean",
  default: false,
  brief: "Don't show a progress bar",
} as const;

/** Most transfers one run may have in flight. */
export const MAX_CONCURRENCY = 64;

function parseConcurrency(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_CONCURRENCY) {
    throw new Error(`'${value}' is not a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  return Number(value);
}

/** Uploads at once unless --concurrency says otherwise. */
export const UPLOAD_CONCURRENCY = 8;
/**
 * Downloads at once unless --concurrency says otherwise: 8 on each thread
 * when get-objects runs a helper thread (docs/benchmarks.md).
 */
export const DOWNLOAD_CONCURRENCY = 16;

/** --concurrency, `defaultValue` when not given. */
export function concurrencyFlagParameter(defaultValue: number) {
  return {
    kind: "parsed",
    parse: parseConcurrency,
    default: String(defaultValue),
    placeholder: "N",
    brief: "How many files to transfer at once",
  } as const;
}

function statOrUndefined(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** get-object `-o FILE`: `-` is standard output; not a directory; its directory must exist. */
export function parseOutputFile(path: string): string {
  if (path === "-") return path;
  if (statOrUndefined(path)?.isDirectory) throw new Error(`File '${path}' is a directory.`);
  const parent = dirname(path);
  const info = statOrUndefined(parent);
  if (!info) throw new Error(`Directory '${parent}' does not exist.`);
  if (!info.isDirectory) throw new Error(`'${parent}' is not a directory.`);
  return path;
}

/** get-objects `-o DIRECTORY`: must not be an existing file (created if missing). */
export function parseOutputDirectory(path: string): string {
  const info = statOrUndefined(path);
  if (info && !info.isDirectory) throw new Error(`Directory '${path}' is a file.`);
  return path;
}

/** A progress display on stderr: none with -s, the label once into a pipe, a bar on a terminal. */
export function stderrProgress(
  write: (text: string) => void,
  options: { silent: boolean; label: string; total: number | undefined },
): Progress {
  return startProgress({
    label: options.label,
    total: options.total,
    mode: progressModeFor(options.silent, Deno.stderr.isTerminal()),
    write,
  });
}
