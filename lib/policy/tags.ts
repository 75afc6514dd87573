// Tags this tool puts on what it creates, so that it can find and manage it
// later, and the rules IAM and S3 apply to tags users add with --tag.
import { UsageError } from "../errors.ts";

/** Tag keys that start with this are the tool's own; users cannot set them. */
export const TAG_PREFIX = "s3-credentials:";
/** `read-write`, `read-only`, `write-only` or `custom`. */
export const PERMISSION_TAG = `${TAG_PREFIX}permission`;
/** The bucket names, separated by single spaces. */
export const BUCKETS_TAG = `${TAG_PREFIX}buckets`;
/** When the user's policy stops allowing anything (UTC, `...Z`). */
export const EXPIRES_TAG = `${TAG_PREFIX}expires`;
/** Where the user's keys work from: CIDR ranges, VPC endpoint ids and `require-tls`, spaced. */
export const CONDITIONS_TAG = `${TAG_PREFIX}conditions`;
/**
 * A random id of the run that created the user or role, added as the create
 * call is sent: after a lost answer, it tells this run's entity from another's.
 */
export const RUN_TAG = `${TAG_PREFIX}run`;

/** IAM's longest tag value; S3's is the same. */
export const MAX_TAG_VALUE = 256;
/** IAM's longest tag key; S3's is the same. */
export const MAX_TAG_KEY = 128;
/** Most tags an IAM user or role (and an S3 bucket) may carry. */
export const MAX_TAGS = 50;

/** A tag as IAM and S3 take it. */
export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/**
 * A tag value listing `words` separated by spaces, cut to whole words that
 * fit IAM's value limit and ending in ` +N` for the N left out.
 */
export function spacedTagValue(words: readonly string[]): string {
  const all = words.join(" ");
  if (all.length <= MAX_TAG_VALUE) return all;
  for (let kept = words.length - 1; kept >= 0; kept--) {
    const value = [...words.slice(0, kept), `+${words.length - kept}`].join(" ");
    if (value.length <= MAX_TAG_VALUE) return value;
  }
  return `+${words.length}`;
}

/** The buckets tag value: the names, as spacedTagValue lists them. */
export function bucketsTagValue(buckets: readonly string[]): string {
  return spacedTagValue(buckets);
}

/** What IAM and S3 both accept in tag keys and values: letters, digits, spaces and `_.:/=+-@`. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * Why `tag` cannot be set by a user, or undefined when it can: the rules of
 * IAM and S3 together (key 1–128 characters, value up to 256, both of the
 * characters both services accept), and the tool's reserved prefix.
 */
export function userTagProblem(tag: Tag): string | undefined {
  if (tag.Key.length === 0) return "a tag key cannot be empty";
  if (tag.Key.length > MAX_TAG_KEY) return `tag key ${tag.Key} is longer than ${MAX_TAG_KEY}`;
  if (tag.Value.length > MAX_TAG_VALUE) {
    return `the value of tag ${tag.Key} is longer than ${MAX_TAG_VALUE} characters`;
  }
  if (!TAG_TEXT.test(tag.Key)) return `tag key '${tag.Key}' has a character IAM and S3 refuse`;
  if (!TAG_TEXT.test(tag.Value)) {
    return `the value of tag ${tag.Key} has a character IAM and S3 refuse`;
  }
  if (tag.Key.toLowerCase().startsWith(TAG_PREFIX)) {
    return `tag keys starting with ${TAG_PREFIX} are reserved for this tool`;
  }
  if (tag.Key.toLowerCase().startsWith("aws:")) return "tag keys starting with aws: are reserved";
  return undefined;
}

/** True when a user with `name` and `tags` was made by this tool (or by the Python tool). */
export function isToolUser(name: string, tags: Readonly<Record<string, string>>): boolean {
  return PERMISSION_TAG in tags || name.startsWith("s3.");
}

/** Parses one `--tag KEY=VALUE` (split at the first `=`); throws why IAM or S3 would refuse it. */
export function parseTag(text: string): Tag {
  const at = text.indexOf("=");
  if (at < 0) throw new Error(`'${text}' is not KEY=VALUE`);
  const tag = { Key: text.slice(0, at), Value: text.slice(at + 1) };
  const problem = userTagProblem(tag);
  if (problem) throw new Error(problem);
  return tag;
}

/**
 * Why the `--tag` values cannot be set together (a key twice), or undefined;
 * how many fit is up to `createdEntityTags`, which knows the tool's own tags.
 */
export function userTagsProblem(tags: readonly Tag[]): string | undefined {
  const seen = new Set<string>();
  for (const { Key } of tags) {
    // IAM refuses two keys that differ only in case.
    if (seen.has(Key.toLowerCase())) return `tag key ${Key} is given more than once`;
    seen.add(Key.toLowerCase());
  }
  return undefined;
}

/**
 * The tags of a user or role `create` makes: the permission (`read-write`,
 * `read-only`, `write-only` or `custom`), the buckets, the user's own, then
 * the expiry (an isoSeconds time) and the conditions (conditionWords) when
 * there are any. RUN_TAG is not among them (its value is made when the run
 * starts) but counts: throws a UsageError before any change when they would
 * exceed IAM's 50 tags.
 */
export function createdEntityTags(
  permission: string,
  buckets: readonly string[],
  userTags: readonly Tag[] = [],
  expires?: string,
  conditions: readonly string[] = [],
): Tag[] {
  const own = [
    { Key: PERMISSION_TAG, Value: permission },
    { Key: BUCKETS_TAG, Value: bucketsTagValue(buckets) },
  ];
  const later = [
    ...(expires === undefined ? [] : [{ Key: EXPIRES_TAG, Value: expires }]),
    ...(conditions.length === 0
      ? []
      : [{ Key: CONDITIONS_TAG, Value: spacedTagValue(conditions) }]),
  ];
  // RUN_TAG is added when the create call is sent.
  const toolCount = own.length + later.length + 1;
  if (toolCount + userTags.length > MAX_TAGS) {
    const causes = [
      expires !== undefined && "--expires",
      conditions.length > 0 && "--source-ip, --vpc-endpoint or --require-tls",
    ].filter(Boolean);
    throw new UsageError(
      `Invalid value for '--tag': at most ${MAX_TAGS - toolCount} --tag values` +
        `${causes.length === 0 ? "" : ` with ${causes.join(" and ")}`}: IAM allows ${MAX_TAGS} ` +
        `tags and this tool sets ${toolCount}`,
    );
  }
  return [...own, ...userTags, ...later];
}
