// Replacing a file whole: the new text goes to a temporary file beside it,
// which is renamed over it, so that a reader sees the old text or the new,
// never half of one, and the file keeps its owner.
import { basename, dirname, join, resolve } from "node:path";
import { CliError } from "../errors.ts";

// `Permission denied` for Deno's `Permission denied (os error 13): rename 'x.tmp' -> 'x'`.
const describe = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/\s*\(os error \d+\).*$/s, "");

/** Links followed before giving up, as the kernel does. */
const MAX_LINKS = 40;

/**
 * The absolute path of the file `path` names once symbolic links are
 * followed, also when that file does not exist yet (a dangling link names
 * the file it would create), so that two paths to one file compare equal.
 */
export async function realFilePath(path: string, links = 0): Promise<string> {
  try {
    return await Deno.realPath(path);
  } catch {
    // Not there yet, or a dangling link.
  }
  if (links < MAX_LINKS) {
    try {
      const target = await Deno.readLink(path);
      return await realFilePath(resolve(dirname(path), target), links + 1);
    } catch {
      // Not a link.
    }
  }
  try {
    return join(await Deno.realPath(dirname(path)), basename(path));
  } catch {
    return resolve(path);
  }
}

/**
 * The owner to give `created`, just made by this run: that of its directory
 * when root made it in another user's directory (sudo with that user's
 * HOME), so that the user can read it; else none.
 */
async function directoryOwnerFor(created: string): Promise<Deno.FileInfo | undefined> {
  const [made, directory] = await Promise.all([
    Deno.stat(created),
    // Permissions may stop at ~/.aws (deno run --allow-write=~/.aws): then nothing to give.
    Deno.stat(dirname(created)).catch(() => undefined),
  ]);
  return made.uid === 0 && directory !== undefined && directory.uid !== null && directory.uid !== 0
    ? directory
    : undefined;
}

const isPresent = (path: string) =>
  Deno.lstat(path).then(() => true, (error) => !(error instanceof Deno.errors.NotFound));

/** Creates the directory that will hold `file`; a new one is private (0700). */
export async function ensureDirectoryOf(file: string, shown = file): Promise<void> {
  const missing: string[] = [];
  for (let path = dirname(file); dirname(path) !== path && !(await isPresent(path));) {
    missing.unshift(path);
    path = dirname(path);
  }
  if (missing.length === 0) return;
  try {
    await Deno.mkdir(dirname(file), { recursive: true, mode: 0o700 });
    for (const created of missing) {
      const owner = await directoryOwnerFor(created);
      if (owner) await Deno.chown(created, owner.uid, owner.gid);
    }
  } catch (error) {
    throw new CliError(`cannot write '${shown}': ${describe(error)}`);
  }
}

/**
 * Gives `temporary` the owner and group of `file`, the file it will replace
 * (when root edits a user's files, they must stay the user's), or for a new
 * file, see directoryOwnerFor. Refuses when that cannot be done, rather than
 * hand someone's file to another owner.
 */
async function keepOwner(temporary: string, file: string, shown: string): Promise<void> {
  let owner: Deno.FileInfo | undefined;
  let whose = "it belongs";
  let what = "its replacement";
  try {
    owner = await Deno.stat(file);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    owner = await directoryOwnerFor(temporary);
    [whose, what] = ["its directory belongs", "the new file"];
  }
  // None to keep, or a system without owners.
  if (owner === undefined || owner.uid === null || owner.gid === null) return;
  const made = await Deno.stat(temporary);
  if (made.uid === owner.uid && made.gid === owner.gid) return;
  try {
    await Deno.chown(temporary, owner.uid, owner.gid);
  } catch (error) {
    throw new CliError(
      `cannot write '${shown}': ${whose} to uid ${owner.uid} (gid ${owner.gid}) and this run ` +
        `cannot give ${what} that owner (${describe(error)})`,
    );
  }
}

/**
 * Replaces `file` (a path without links: see realFilePath) with `text`,
 * mode 0600, keeping its owner and group. `shown` is the path errors name.
 * Throws CliError.
 */
export async function replaceFile(file: string, text: string, shown = file): Promise<void> {
  const temporary = `${file}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    await Deno.writeTextFile(temporary, text, { mode: 0o600, createNew: true });
    await keepOwner(temporary, file, shown);
    await Deno.rename(temporary, file);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot write '${shown}': ${describe(error)}`);
  }
}
