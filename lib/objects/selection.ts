import { globToRegExp } from "./glob.ts";

/** A key to download and, when known, its size. */
export interface SelectedKey {
  readonly key: string;
  readonly size?: number;
}

/** A listed object: its key and size. */
export interface ListedKey {
  readonly key: string;
  readonly size: number;
}

/** Whether get-objects must list the bucket: no keys named, or some pattern given. */
export function needsListing(keys: readonly string[], patterns: readonly string[]): boolean {
  return keys.length === 0 || patterns.length > 0;
}

/**
 * The keys get-objects downloads, each once, in the reference's order: the
 * named keys, then for each pattern the listed keys matching it (all listed
 * keys when there is no pattern). A named key that is also listed takes its
 * size from the listing.
 */
export function selectKeys(
  named: readonly string[],
  listed: readonly ListedKey[],
  patterns: readonly string[],
): readonly SelectedKey[] {
  // A listing names each key once, in order: all of it is the selection.
  if (named.length === 0 && patterns.length === 0) return listed;
  const sizes = new Map(listed.map((item) => [item.key, item.size]));
  const selected = new Map<string, SelectedKey>();
  const add = (key: string) => {
    if (!selected.has(key)) selected.set(key, { key, size: sizes.get(key) });
  };
  named.forEach(add);
  if (patterns.length === 0) {
    listed.forEach((item) => add(item.key));
  } else {
    for (const pattern of patterns) {
      const expression = globToRegExp(pattern);
      for (const item of listed) if (expression.test(item.key)) add(item.key);
    }
  }
  return [...selected.values()];
}
