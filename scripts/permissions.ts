// How the CLI is launched: the narrowest Deno permissions it runs with, and the V8 options it
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
 * The V8 options the tool starts with, for peak memory and time (docs/benchmarks.md measures each
 * with and without it). A run of thousands of objects allocates fast, and by default V8 answers with a
 * larger heap, so peak memory grew with the number of objects although nothing is kept per object:
 * - a young generation of at most 1 MiB a semi-space: by default it grows to its maximum under a
 *   sustained allocation rate, and those megabytes are resident for the rest of the run.
 * - an old generation that grows by a tenth of what survived each full collection before the next
 *   one, rather than by V8's default factor, under which promoted garbage piled up to several times
 *   the live heap. (V8's memory saver mode kept memory as low, for a fifth more time on get-objects
 *   of 20,000 files: it also collects and compacts far more often.)
 * - no concurrent recompilation: V8 optimises hot functions on the main thread rather than on
 *   helper threads, whose freed compiler memory stayed with those threads' allocators (put-objects
 *   of 5,000 files peaked about 12 MiB higher, for no less time).
 * - no TurboFan, V8's last optimising tier: hot code stops at Maglev's. A run spends most of its
 *   time in native code (fetch, hashing, files), and TurboFan's compilations cost transfers more
 *   time and memory (its own code pages of the executable) than its faster code saved; a listing
 *   of 50,000 users, all JavaScript, takes about a fifteenth longer.
 */
export const V8_OPTIONS = [
  "--max-semi-space-size=1",
  "--heap-growing-percent=10",
  "--no-concurrent-recompilation",
  "--no-turbofan",
] as const;

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
