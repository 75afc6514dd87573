import { buildCommand } from "@stricli/core";
import { UsageError } from "../../errors.ts";
import {
  ALLOW_PUBLIC_ACCESS,
  parseBooleanSetting,
  PUBLIC_ACCESS_BLOCK_KEYS,
  type PublicAccessBlockChanges,
} from "../../bucket/public-access-block.ts";
import { formatJson } from "../../output/json.ts";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import { bucketPositional } from "../flags/bucket.ts";

interface SetPublicAccessBlockFlags extends AwsFlags {
  readonly blockPublicAcls?: boolean;
  readonly ignorePublicAcls?: boolean;
  readonly blockPublicPolicy?: boolean;
  readonly restrictPublicBuckets?: boolean;
  readonly allowPublicAccess: boolean;
}

/** The settings the flags change; none, or a setting with --allow-public-access, is a usage error. */
export function publicAccessChangesFrom(
  flags: SetPublicAccessBlockFlags,
): PublicAccessBlockChanges {
  const changes: PublicAccessBlockChanges = {
    BlockPublicAcls: flags.blockPublicAcls,
    IgnorePublicAcls: flags.ignorePublicAcls,
    BlockPublicPolicy: flags.blockPublicPolicy,
    RestrictPublicBuckets: flags.restrictPublicBuckets,
  };
  const given = PUBLIC_ACCESS_BLOCK_KEYS.filter((key) => changes[key] !== undefined);
  if (flags.allowPublicAccess) {
    if (given.length > 0) {
      throw new UsageError("--allow-public-access cannot be combined with the other settings");
    }
    return { ...ALLOW_PUBLIC_ACCESS };
  }
  if (given.length === 0) {
    throw new UsageError(
      "Give at least one of --block-public-acls, --ignore-public-acls, --block-public-policy, " +
        "--restrict-public-buckets, or --allow-public-access",
    );
  }
  return Object.fromEntries(given.map((key) => [key, changes[key]]));
}

const setting = (brief: string) =>
  ({
    kind: "parsed",
    parse: parseBooleanSetting,
    optional: true,
    placeholder: "true|false",
    brief,
  }) as const;

export default buildCommand({
  async func(this: CliContext, flags: SetPublicAccessBlockFlags, bucket: string) {
    const changes = publicAccessChangesFrom(flags);
    const { s3 } = await this.aws(flags, ["s3"]);
    const { updatePublicAccessBlock } = await import("../../actions/public-access.ts");
    const written = await updatePublicAccessBlock(
      s3,
      bucket,
      changes,
    );
    this.process.stderr.write(
      `Updated public access block settings for bucket '${bucket}': ${formatJson(written)}\n`,
    );
  },
  parameters: {
    flags: {
      blockPublicAcls: setting("Block public ACLs on the bucket and its objects"),
      ignorePublicAcls: setting("Ignore public ACLs on the bucket and its objects"),
      blockPublicPolicy: setting("Block bucket policies that grant public access"),
      restrictPublicBuckets: setting("Restrict access to a bucket with a public policy"),
      allowPublicAccess: {
        kind: "boolean",
        default: false,
        brief: "Set all four settings to false (allow public access)",
      },
      ...awsFlagParameters,
    },
    aliases: awsAliases,
    positional: bucketPositional,
  },
  docs: {
    brief: "Change a bucket's public access block",
    fullDescription: [
      "Changes the bucket's public access block settings. Settings not given keep their current",
      "values (a bucket without a configuration counts as all false).",
      "",
      "    s3-credentials set-public-access-block my-bucket --block-public-acls true",
      "    s3-credentials set-public-access-block my-bucket --allow-public-access",
    ].join("\n"),
  },
});
