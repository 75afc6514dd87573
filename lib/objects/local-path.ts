// Where a downloaded key may be written under the output directory: never
// outside it, whatever the key says.

/** A key's place under the output directory, or why it has none. */
export type LocalPlace =
  | { readonly kind: "file" | "directory"; readonly segments: readonly string[] }
  | { readonly kind: "refused"; readonly reason: string };

/**
 * The path segments under the output directory for `key`. `a/b.txt` is the
 * file `a/b.txt`; a directory marker such as `folder/` is the directory
 * `folder` (not a file named `folder`). Empty and `.` segments are dropped.
 * Refused: absolute keys (`/x`), any `..` segment (`../x`, `a/../../b`),
 * NUL characters, and keys that name the output directory itself. With
 * `windows`, `\` separates segments too and drive letters are refused.
 */
export function localPlaceForKey(key: string, windows = false): LocalPlace {
  if (key === "") return { kind: "refused", reason: "it is empty" };
  if (key.includes("\0")) return { kind: "refused", reason: "it contains a NUL character" };
  const parts = windows ? key.split(/[\\/]/) : key.split("/");
  if (parts[0] === "") return { kind: "refused", reason: "it is an absolute path" };
  if (parts.includes("..")) {
    return { kind: "refused", reason: "it contains a '..' segment" };
  }
  if (windows && parts.some((part) => part.includes(":"))) {
    return { kind: "refused", reason: "it contains a drive or stream name (':')" };
  }
  const segments = parts.filter((part) => part !== "" && part !== ".");
  const directory = parts.at(-1) === "" || parts.at(-1) === ".";
  if (segments.length === 0) {
    if (directory) return { kind: "directory", segments: [] };
    return { kind: "refused", reason: "it names no file" };
  }
  return { kind: directory ? "directory" : "file", segments };
}
