// `--tag KEY=VALUE` of create: each value checked as it is parsed, all of them together after.
import { UsageError } from "../../errors.ts";
import { parseTag, type Tag, userTagsProblem } from "../../policy/tags.ts";

/** `--tag` flags. */
export interface TagFlags {
  readonly tag?: Tag[];
}

export const tagFlagParameters = {
  tag: {
    kind: "parsed",
    parse: parseTag,
    optional: true,
    variadic: true,
    placeholder: "KEY=VALUE",
    brief: "Tag for the users, roles and buckets this run creates (repeatable)",
  },
} as const;

/** The `--tag` values; a usage error when they cannot be set together. */
export function tagsOf(flags: TagFlags): Tag[] {
  const tags = flags.tag ?? [];
  const problem = userTagsProblem(tags);
  if (problem) throw new UsageError(`Invalid value for '--tag': ${problem}`);
  return tags;
}
