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
];

/**
 * Flags for `deno run`; reads are limited to `home`/.aws (add the files a command is given),
 * writes too (`create --write-profile`).
 */
export function runFlags(home: string): string[] {
  return [
    "--no-prompt",
    "--allow-net",
    `--allow-env=${ENV_VARS.join(",")}`,
    `--allow-read=${home}/.aws`,
    `--allow-write=${home}/.aws`,
    "--allow-sys=osRelease",
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
  "--allow-sys=osRelease",
];
