// How the CLI is launched: the narrowest Deno permissions it runs with, and the one V8 option it
// starts with. The README's `deno run` command, the compiled binaries and the bundle smoke tests
// all use these lists.

/** Environment variables the AWS SDK and the tool read (`AWS_*` is a prefix pattern). */
export const ENV_VARS = [
  "AWS_*",
  "HOME",
  "USERPROFILE",
  "HOMEDRIVE",
  "HOMEPATH",
  "_X_AMZN_TRACE_ID",
  "S3_CREDENTIALS_TOKEN",
  // Where the role session cache goes (Linux and Windows).
  "XDG_CACHE_HOME",
  "LOCALAPPDATA",
];

/** What the role session cache needs: this user's id, to pass over files of other users. */
const SYS = "--allow-sys=osRelease,uid";

/**
 * The V8 options the tool starts with, each for peak memory (docs/benchmarks.md measures each with
 * and without it):
 * - memory saver mode: a run of thousands of objects allocates fast, and by default V8 answers
 *   with a larger heap (its young generation grows to its maximum and promoted garbage piles up
 *   between full collections), so peak memory grew with the number of objects although nothing is
 *   kept per object. In this mode the heap grows less and is collected sooner: get-objects of
 *   20,000 files peaks near 1,000 files' figure, for some CPU.
 * - no concurrent recompilation: V8 optimises hot functions on the main thread rather than on
 *   helper threads, whose freed compiler memory stayed with those threads' allocators (put-objects
 *   of 5,000 files peaked about 12 MiB higher, for no less time).
 */
export const V8_OPTIONS = ["--memory-saver-mode", "--no-concurrent-recompilation"] as const;

/** The `--v8-flags` argument that starts V8 with `options`. */
export const v8Flag = (options: readonly string[]) => `--v8-flags=${options.join(",")}`;

/** The `--v8-flags` argument the tool starts with. */
export const MEMORY_FLAG = v8Flag(V8_OPTIONS);

/**
 * Flags for `deno run`; reads are limited to `home`/.aws (add the files a command is given)
 * and the role session cache (`home`/.cache/s3-credentials on Linux), writes too
 * (`create --write-profile`, the cache).
 */
export function runFlags(home: string): string[] {
  const places = `${home}/.aws,${home}/.cache/s3-credentials`;
  return [
    "--no-prompt",
    "--allow-net",
    `--allow-env=${ENV_VARS.join(",")}`,
    `--allow-read=${places}`,
    `--allow-write=${places}`,
    SYS,
    MEMORY_FLAG,
  ];
}

/**
 * Flags for compiled binaries: the same network, environment and system
 * access; reads and writes cannot be narrowed to the user's home or the
 * files of each call when the flags are fixed at build time.
 */
export const COMPILE_FLAGS = [
  "--no-prompt",
  "--allow-net",
  `--allow-env=${ENV_VARS.join(",")}`,
  "--allow-read",
  "--allow-write",
  SYS,
  MEMORY_FLAG,
];
