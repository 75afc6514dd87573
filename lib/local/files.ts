// Local file-system work of the transfer commands: finding the files to
// upload, and writing downloads so that a final name only ever holds a
// complete file.
import { basename, dirname, isAbsolute, join } from "node:path";
import { CliError } from "../errors.ts";
import {
  directoryFileKey,
  directorySegment,
  fileKey,
  joinPath,
  normalisePath,
} from "../objects/upload-keys.ts";

/** A local file to upload and its key (before any prefix). */
export interface LocalFile {
  /** The path to read. */
  readonly path: string;
  /** The path as dry runs print it. */
  readonly displayPath: string;
  readonly key: string;
  readonly size: number;
}

/** A path the scan could not use, and why, as put-objects reports it. */
export interface ScanNote {
  readonly displayPath: string;
  readonly reason: string;
}

/** What put-objects found: the files to upload, the paths it cannot read, the non-files. */
export interface UploadScan {
  readonly files: LocalFile[];
  /** Files and directories that cannot be read: nothing may be uploaded while there are any. */
  readonly unreadable: ScanNote[];
  /** Dangling symlinks, FIFOs, sockets, devices: left out. */
  readonly skipped: ScanNote[];
}

function readFailure(error: unknown): string {
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.NotFound) return "it has disappeared";
  return error instanceof Error ? error.message.replace(/ \(os error \d+\).*$/, "") : String(error);
}

function nonFileKind(info: Deno.FileInfo): string {
  if (info.isFifo) return "a named pipe (FIFO)";
  if (info.isSocket) return "a socket";
  if (info.isBlockDevice || info.isCharDevice) return "a device";
  return "not a regular file";
}

function lstatOrUndefined(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Adds `path` to the scan when it is a readable regular file (a symlink to
 * one included): opened now, so an unreadable file is found before anything
 * is uploaded. Other kinds are skipped; only regular files are opened (a
 * FIFO would block). The calls return when done: a fraction of the cost of
 * their asynchronous twins, each handed to a thread (docs/benchmarks.md).
 */
function addFile(
  scan: UploadScan,
  path: string,
  displayPath: string,
  key: string,
): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (error) {
    const dangling = error instanceof Deno.errors.NotFound && lstatOrUndefined(path)?.isSymlink;
    if (dangling) scan.skipped.push({ displayPath, reason: "a dangling symlink" });
    else scan.unreadable.push({ displayPath, reason: readFailure(error) });
    return;
  }
  // A symlink to a directory is not followed, as before: a deliberate omission, not news.
  if (info.isDirectory) return;
  if (!info.isFile) {
    scan.skipped.push({ displayPath, reason: nonFileKind(info) });
    return;
  }
  try {
    Deno.openSync(path, { read: true }).close();
  } catch (error) {
    scan.unreadable.push({ displayPath, reason: readFailure(error) });
    return;
  }
  scan.files.push({ path, displayPath, key, size: info.size });
}

/** Entries below `dir`, as paths relative to it, sorted; directories entered (not via symlinks). */
async function entriesBelow(
  scan: UploadScan,
  dir: string,
  display: string,
  relative = "",
): Promise<string[]> {
  const found: string[] = [];
  try {
    for await (const entry of Deno.readDir(join(dir, relative))) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory) found.push(...await entriesBelow(scan, dir, display, path));
      else found.push(path);
    }
  } catch (error) {
    const displayPath = relative === "" ? display : joinPath(display, relative);
    scan.unreadable.push({ displayPath, reason: `directory not readable: ${readFailure(error)}` });
  }
  return found;
}

function missing(path: string): CliError {
  return new CliError(`File '${path}' does not exist.`);
}

/**
 * The files put-objects uploads for `paths`, in argument order: a file by
 * itself keeps its name; a directory's files (sorted) keep their path below
 * the directory, under the directory's own name. Every file is opened once
 * to find unreadable ones before any upload; non-files are skipped. A path
 * that has gone missing since the arguments were checked is an error.
 */
export async function collectUploadFiles(paths: readonly string[]): Promise<UploadScan> {
  const scan: UploadScan = { files: [], unreadable: [], skipped: [] };
  for (const path of paths) {
    const info = await Deno.stat(path).catch((error) => {
      throw error instanceof Deno.errors.NotFound ? missing(path) : error;
    });
    if (!info.isDirectory) {
      addFile(scan, path, normalisePath(path), fileKey(path));
      continue;
    }
    const segment = directorySegment(path, basename(await Deno.realPath(path)));
    const display = normalisePath(path);
    const relatives = (await entriesBelow(scan, path, display)).sort();
    for (const relative of relatives) {
      addFile(
        scan,
        join(path, relative),
        joinPath(path, relative),
        directoryFileKey(segment, relative),
      );
    }
  }
  return scan;
}

/** Problem with `path` as a file to upload (`put-object PATH`), or undefined when it is fine. */
export function uploadFileProblem(path: string): string | undefined {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return `File '${path}' does not exist.`;
    if (error instanceof Deno.errors.PermissionDenied) return `File '${path}' is not readable.`;
    throw error;
  }
  if (info.isDirectory) return `File '${path}' is a directory.`;
  try {
    Deno.openSync(path, { read: true }).close();
  } catch {
    return `File '${path}' is not readable.`;
  }
  return undefined;
}

/** Problem with `path` as a file or directory to upload (`put-objects`), or undefined. */
export function uploadPathProblem(path: string): string | undefined {
  try {
    Deno.statSync(path);
    return undefined;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return `File '${path}' does not exist.`;
    if (error instanceof Deno.errors.PermissionDenied) return `File '${path}' is not readable.`;
    throw error;
  }
}

/** Random to this run: runs writing into the same directory do not pick each other's names. */
const RUN_ID = Array.from(crypto.getRandomValues(new Uint8Array(6)))
  .map((byte) => byte.toString(16).padStart(2, "0")).join("");
let temporaryCount = 0;

/** A short, fixed-length name beside `path`: any final name that fits leaves room for it. */
function temporaryNameFor(path: string): string {
  temporaryCount++;
  return join(dirname(path), `.s3c-part-${RUN_ID}${temporaryCount.toString(16).padStart(12, "0")}`);
}

/** The path a write to `path` reaches when symbolic links are followed (dangling ones too). */
async function throughSymlinks(path: string): Promise<string> {
  let current = path;
  // As many links as Linux follows; a loop is left for the write to fail on.
  for (let hops = 0; hops < 40; hops++) {
    const info = await Deno.lstat(current).catch(() => undefined);
    if (!info?.isSymlink) return current;
    const link = await Deno.readLink(current);
    current = isAbsolute(link) ? link : join(dirname(current), link);
  }
  return current;
}

/** The permission bits of the file at `path`, when one is there to be replaced. */
async function modeOfExisting(path: string): Promise<number | undefined> {
  const info = await Deno.lstat(path).catch(() => undefined);
  return info?.isFile && info.mode !== null ? info.mode & 0o7777 : undefined;
}

/**
 * `content` written to `path` as writeFileAtomically writes it, in calls
 * that return when done: for small files these cost a fraction of their
 * asynchronous twins (no hand-over to a thread), and a cancellation cannot
 * land between them, so no temporary file is left behind.
 */
export function writeSmallFileAtomically(
  path: string,
  content: Uint8Array,
  newDirectory = false,
): void {
  let mode: number | undefined;
  // In a directory this run made, nothing is there to keep the mode of; and asking costs an
  // error (a NotFound, with its stack) for each file.
  if (!newDirectory) {
    // Nothing there (or nothing readable: the write fails next and says why): no mode to keep.
    const info = lstatOrUndefined(path);
    if (info?.isFile && info.mode !== null) mode = info.mode & 0o7777;
  }
  const temporary = temporaryNameFor(path);
  try {
    Deno.writeFileSync(temporary, content, {
      createNew: true,
      ...(mode === undefined ? {} : { mode }),
    });
    Deno.renameSync(temporary, path);
  } catch (error) {
    try {
      Deno.removeSync(temporary);
    } catch {
      // Never created, or already renamed.
    }
    throw error;
  }
}

/** How a write is watched while it runs: its size as it grows, and a way to stop it. */
export interface WriteWatch {
  /** Aborting stops the write (the temporary file is removed); the reason is what is thrown. */
  readonly signal?: AbortSignal;
  /** Hears of the file's size every `everyMs` while a stream is copied, and once at the end. */
  readonly onSize?: (size: number) => void;
  readonly everyMs?: number;
  /** Write to the file a symbolic link at `path` points to, instead of replacing the link. */
  readonly followSymlink?: boolean;
}

/**
 * Writes `content` (bytes, or a stream read as it arrives) to a temporary
 * file next to `path`, then renames it to `path`: an interrupted or failed
 * download never leaves a truncated file under the final name, and the
 * temporary file is removed on failure. The directory must exist. A file
 * that is replaced keeps its permissions.
 *
 * A stream is copied by Deno itself (`pipeTo` from a fetch body to a file
 * moves no chunk through JavaScript, several times faster than a read loop),
 * so its progress is seen as the file's size.
 */
export async function writeFileAtomically(
  path: string,
  content: Uint8Array | ReadableStream<Uint8Array>,
  watch: WriteWatch = {},
): Promise<void> {
  const target = watch.followSymlink ? await throughSymlinks(path) : path;
  // Set before any byte is written, so that a private file's contents are never less private.
  const mode = await modeOfExisting(target);
  const temporary = temporaryNameFor(target);
  if (content instanceof Uint8Array) {
    // One operation instead of open, write and close: it shows with many small files.
    // `mode` only to keep an existing file's: writeFile sets it exactly, ignoring the umask.
    try {
      await Deno.writeFile(temporary, content, {
        createNew: true,
        signal: watch.signal,
        ...(mode === undefined ? {} : { mode }),
      });
    } catch (error) {
      // A full disk or a cancellation can leave part of it written.
      await Deno.remove(temporary).catch(() => {});
      throw error;
    }
    watch.onSize?.(content.length);
    return await renameOrRemove(temporary, target);
  }
  // Created as writeFile creates (0o666 less the umask), whichever way the bytes arrive.
  const file = await Deno.open(temporary, { write: true, createNew: true });
  if (mode !== undefined) {
    await Deno.chmod(temporary, mode).catch(async (error: unknown) => {
      file.close();
      await Deno.remove(temporary).catch(() => {});
      throw error;
    });
  }
  const onSize = watch.onSize;
  const poll = onSize
    ? setInterval(
      () => file.stat().then(({ size }) => onSize(size), () => {}),
      watch.everyMs ?? 250,
    )
    : undefined;
  try {
    await content.pipeTo(file.writable, { signal: watch.signal });
  } catch (error) {
    try {
      file.close();
    } catch {
      // The aborted pipe closed it already.
    }
    await Deno.remove(temporary).catch(() => {});
    throw error;
  } finally {
    clearInterval(poll);
  }
  if (onSize) onSize((await Deno.stat(temporary)).size);
  await renameOrRemove(temporary, target);
}

async function renameOrRemove(temporary: string, path: string): Promise<void> {
  try {
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}

/**
 * Makes directories (with parents) once per run: a download of many files
 * asks for the same few directories again and again. Each answers whether
 * this run made it (it was not there before).
 */
export function directoryMaker(): (path: string) => Promise<boolean> {
  const made = new Map<string, Promise<boolean>>();
  const make = async (path: string): Promise<boolean> => {
    try {
      await Deno.mkdir(path);
      return true;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound && dirname(path) !== path) {
        await makeOnce(dirname(path));
        return await make(path);
      }
      // There already (as a directory, or as something a recursive mkdir refuses the same way).
      if (error instanceof Deno.errors.AlreadyExists) {
        await Deno.mkdir(path, { recursive: true });
        return false;
      }
      throw error;
    }
  };
  const makeOnce = (path: string): Promise<boolean> => {
    let making = made.get(path);
    if (!making) {
      making = make(path);
      // A failure is not remembered: a later key may succeed (or fail on its own).
      making.catch(() => made.delete(path));
      made.set(path, making);
    }
    return making;
  };
  return makeOnce;
}
