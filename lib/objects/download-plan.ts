// Which selected keys get-objects writes where, decided before anything is
// downloaded: keys that share a local path, or whose path is another key's
// directory, would otherwise race, and the loser's bytes would vanish.
import { localPlaceForKey } from "./local-path.ts";
import type { SelectedKey } from "./selection.ts";

/** A key to download to the file at `segments` (or, for a marker, the directory). */
export interface PlannedKey {
  readonly key: string;
  readonly segments: readonly string[];
  readonly directory: boolean;
  readonly size?: number;
}

/** What get-objects does with the selected keys. */
export interface DownloadPlan {
  /** Files and directories to make, in selection order. */
  readonly work: readonly PlannedKey[];
  /** Keys that are not written, each with its line for the end of the run. */
  readonly skipped: ReadonlyMap<string, string>;
}

/** The line for a directory marker whose bytes have no file to go to. */
export function markerWithContent(key: string, size: number): string {
  return `Skipped: ${key} (a directory marker with ${size} bytes of content)`;
}

/**
 * Plans the download of `selected` (in selection order). Refused keys and
 * directory markers with content are skipped. Of the keys that map to one
 * file, the key that spells the path exactly (`a/b` of `a/b` and `a/./b`)
 * is written, else the first selected; a file whose path another key needs
 * as a directory (`a` beside `a/b`) is skipped. Every skipped key is named.
 */
export function planDownloads(selected: readonly SelectedKey[], windows = false): DownloadPlan {
  const skipped = new Map<string, string>();
  const candidates: PlannedKey[] = [];
  // Each candidate's local path, its segments joined by '/', at the same index.
  const paths: string[] = [];
  for (const { key, size } of selected) {
    const place = localPlaceForKey(key, windows);
    if (place.kind === "refused") skipped.set(key, `Refused: ${key} (${place.reason})`);
    else if (place.kind === "directory" && size !== undefined && size > 0) {
      skipped.set(key, markerWithContent(key, size));
    } else {
      candidates.push({
        key,
        segments: place.segments,
        directory: place.kind === "directory",
        size,
      });
      paths.push(place.segments.join("/"));
    }
  }
  // One writer per file path: the exact spelling, else the first.
  const writers = new Map<string, PlannedKey>();
  candidates.forEach((item, index) => {
    if (item.directory) return;
    const path = paths[index];
    const current = writers.get(path);
    if (!current || (current.key !== path && item.key === path)) writers.set(path, item);
  });
  // Every directory some written key needs, and the first key that needs it.
  const directories = new Map<string, string>();
  candidates.forEach((item, index) => {
    if (!item.directory && writers.get(paths[index]) !== item) return;
    const count = item.directory ? item.segments.length : item.segments.length - 1;
    let path = "";
    for (let length = 1; length <= count; length++) {
      path = length === 1 ? item.segments[0] : `${path}/${item.segments[length - 1]}`;
      if (!directories.has(path)) directories.set(path, item.key);
    }
  });
  const work: PlannedKey[] = [];
  candidates.forEach((item, index) => {
    const path = paths[index];
    const writer = writers.get(path);
    if (item.directory) work.push(item);
    else if (writer !== item) {
      skipped.set(item.key, `Skipped: ${item.key} (same local path as ${writer!.key})`);
    } else if (directories.has(path)) {
      const other = directories.get(path)!;
      skipped.set(item.key, `Skipped: ${item.key} (its local path is a directory for ${other})`);
    } else work.push(item);
  });
  return { work, skipped };
}
