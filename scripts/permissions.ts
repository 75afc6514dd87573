// The narrowest Deno permissions the CLI runs with: the README's `deno run` command,
// the compiled binaries and the bundle smoke tests all use these lists.

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
];
