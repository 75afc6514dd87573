// Advisory locks between runs of this tool that edit the same files: a lock
// file created exclusively beside each file, removed when the edit is done.
import { CliError } from "../errors.ts";

/** How long a run waits for another run's lock before giving up. */
export const LOCK_WAIT_MS = 5000;

/** How long to wait for another run's locks (LOCK_WAIT_MS unless given). */
export interface LockOptions {
  waitMs?: number;
}

// `Permission denied` for Deno's `Permission denied (os error 13): open 'x.lock'`.
const describe = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/\s*\(os error \d+\).*$/s, "");

/** The lock file that guards `file`. */
const lockPathOf = (file: string) => `${file}.lock`;

/** Creates the lock file of `file`, retrying while another run holds it, up to `waitMs`. */
async function acquire(file: string, options: LockOptions): Promise<string> {
  const lock = lockPathOf(file);
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const started = Date.now();
  while (true) {
    try {
      // The process id tells whoever finds a stale lock which run left it.
      await Deno.writeTextFile(lock, `${Deno.pid}\n`, { createNew: true, mode: 0o600 });
      return lock;
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) {
        throw new CliError(`cannot create lock file '${lock}': ${describe(error)}`);
      }
    }
    if (Date.now() - started >= waitMs) {
      throw new CliError(
        `'${file}' is locked by another s3-credentials run (remove ${lock} if no run is active)`,
      );
    }
    // Random pauses keep waiting runs from retrying in step.
    await new Promise((done) => setTimeout(done, 10 + Math.random() * 40));
  }
}

/**
 * Runs `work` while holding the lock of every file in `files` (taken in
 * sorted order, so that two runs never wait for each other), and removes the
 * locks afterwards, whether `work` succeeded or not. Throws CliError when a
 * lock is still held by another run after the wait.
 */
export async function withFileLocks<T>(
  files: string[],
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const held: string[] = [];
  try {
    for (const file of [...new Set(files)].sort()) held.push(await acquire(file, options));
    return await work();
  } finally {
    for (const lock of held.reverse()) await Deno.remove(lock).catch(() => {});
  }
}
