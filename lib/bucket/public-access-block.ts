/**
 * Bucket public access block settings: parsing `true`/`false` values and
 * merging requested changes into the current configuration. Pure: no I/O.
 *
 * @module
 */

/** The four settings, in the order AWS (and the reference tool) list them. */
export const PUBLIC_ACCESS_BLOCK_KEYS = [
  "BlockPublicAcls",
  "IgnorePublicAcls",
  "BlockPublicPolicy",
  "RestrictPublicBuckets",
] as const;

export type PublicAccessBlockKey = typeof PUBLIC_ACCESS_BLOCK_KEYS[number];

/** A complete configuration, as PutPublicAccessBlock writes it. */
export type PublicAccessBlockConfiguration = Record<PublicAccessBlockKey, boolean>;

/** Some of the settings: what the user asked to change. */
export type PublicAccessBlockChanges = Partial<PublicAccessBlockConfiguration>;

/** Every setting false: all public access allowed (`--allow-public-access`). */
export const ALLOW_PUBLIC_ACCESS: PublicAccessBlockConfiguration = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};

const TRUE_WORDS = ["1", "true", "t", "yes", "y", "on"];
const FALSE_WORDS = ["0", "false", "f", "no", "n", "off"];

/**
 * Parses a setting's value: `true` or `false`, or (as the reference tool
 * accepted) `1`/`0`, `t`/`f`, `yes`/`no`, `y`/`n`, `on`/`off`, in any case.
 *
 * @throws {Error} For anything else.
 */
export function parseBooleanSetting(value: string): boolean {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  throw new Error(`'${value}' is not a valid boolean: use true or false`);
}

/** True when `changes` sets every one of the four settings (no need to read the current ones). */
export function isComplete(changes: PublicAccessBlockChanges): boolean {
  return PUBLIC_ACCESS_BLOCK_KEYS.every((key) => changes[key] !== undefined);
}

/**
 * The configuration to write: `changes` over `current`, in AWS's key order.
 * A setting neither changed nor present in `current` is false, which is
 * what a bucket without a public access block configuration means.
 */
export function mergePublicAccessBlock(
  current: Partial<Record<PublicAccessBlockKey, boolean | undefined>> | undefined,
  changes: PublicAccessBlockChanges,
): PublicAccessBlockConfiguration {
  const merged = {} as PublicAccessBlockConfiguration;
  for (const key of PUBLIC_ACCESS_BLOCK_KEYS) {
    merged[key] = changes[key] ?? current?.[key] ?? false;
  }
  return merged;
}
