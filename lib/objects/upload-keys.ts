// The keys put-objects gives local files: the reference's naming, without
// `..` segments and without a leading `/`.

/**
 * A path as the reference prints it (`./deep/` → `deep`): repeated and
 * trailing slashes and `.` segments removed, `..` kept, `.` for nothing.
 */
export function normalisePath(path: string): string {
  const absolute = path.startsWith("/");
  const segments = path.split("/").filter((part) => part !== "" && part !== ".");
  const joined = segments.join("/");
  if (absolute) return "/" + joined;
  return joined === "" ? "." : joined;
}

/** `base` and a relative `/`-separated path joined as normalisePath would print them. */
export function joinPath(base: string, relative: string): string {
  return normalisePath(base === "." ? relative : `${base}/${relative}`);
}

/**
 * The first key segment for the files of directory `path`: its own name
 * (`tree/` → `tree`, `/abs/tree` → `tree`). `.` has none (the reference's
 * keys for `.` are `a.txt`, `sub/b.json`). A path ending in `..` names its
 * directory by `resolvedName`, the last segment of its resolved absolute
 * path, so no key contains `..`; the file-system root has no name.
 */
export function directorySegment(path: string, resolvedName: string): string {
  const normalised = normalisePath(path);
  if (normalised === ".") return "";
  const last = normalised.split("/").at(-1)!;
  return last === ".." || last === "" ? resolvedName : last;
}

/** The key of a file given by itself: its base name. */
export function fileKey(path: string): string {
  return normalisePath(path).split("/").at(-1)!;
}

/** The key of file `relative` (a `/`-separated path) found below a directory with `segment`. */
export function directoryFileKey(segment: string, relative: string): string {
  return segment === "" ? relative : `${segment}/${relative}`;
}

/**
 * `--prefix` as put-objects applies it: leading slashes dropped (they made
 * keys start with `/`), a `/` appended unless present; empty means none.
 * A `..` or `.` segment is refused (thrown as an Error for the flag parser).
 */
export function parseKeyPrefix(value: string): string {
  const trimmed = value.replace(/^\/+/, "");
  if (trimmed === "") return "";
  if (trimmed.split("/").some((part) => part === ".." || part === ".")) {
    throw new Error(`'${value}' must not contain '.' or '..' segments`);
  }
  return trimmed.endsWith("/") ? trimmed : trimmed + "/";
}

/**
 * The files to upload when several map to one key (`a/x.txt` and `b/x.txt`
 * both give `x.txt`): the last one given, as the reference's one-by-one
 * uploads left it, in the order of first appearance. Concurrent uploads of
 * one key would otherwise race.
 */
export function lastForEachKey<T extends { readonly key: string }>(files: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const file of files) byKey.set(file.key, file);
  return [...byKey.values()];
}
