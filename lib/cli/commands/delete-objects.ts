import { buildCommand } from "@stricli/core";
import { CliError, UsageError } from "../../errors.ts";
import { countOf } from "../../output/size.ts";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import { checkBucketAndKeys } from "../flags/bucket.ts";

interface DeleteObjectsFlags extends AwsFlags {
  readonly prefix?: string;
  readonly silent: boolean;
  readonly dryRun: boolean;
}

/** The keys to delete come from the arguments or --prefix: exactly one of them. */
export function checkKeysOrPrefix(keys: readonly string[], prefix: string | undefined): void {
  if (keys.length > 0 && prefix) throw new UsageError("Cannot pass both keys and --prefix");
  if (keys.length === 0 && !prefix) {
    throw new UsageError("Specify one or more keys or use --prefix");
  }
}

export default buildCommand({
  async func(this: CliContext, flags: DeleteObjectsFlags, ...args: string[]) {
    const [bucket, named] = checkBucketAndKeys(args);
    checkKeysOrPrefix(named, flags.prefix);
    const { s3 } = await this.aws(flags, ["s3"]);
    const { deleteKeys, listKeys } = await import("../../aws/objects.ts");
    const { objectRequests } = await import("../../aws/object-requests.ts");
    const requests = flags.prefix ? await objectRequests(s3, bucket) : undefined;
    const keys = flags.prefix
      ? (await listKeys(s3, bucket, { prefix: flags.prefix, requests })).map((item) => item.key)
      : named;
    if (!flags.silent) {
      this.process.stderr.write(`Deleting ${countOf(keys.length, "object")} from ${bucket}\n`);
    }
    if (flags.dryRun) {
      this.process.stdout.write(
        ["The following keys would be deleted:", ...keys].map((line) => line + "\n").join(""),
      );
      return;
    }
    const failures = await deleteKeys(s3, bucket, keys);
    if (failures.length > 0) {
      throw new CliError(
        failures.map((f) => `Could not delete ${f.key}: ${f.code} (${f.message})`).join("\n"),
      );
    }
  },
  parameters: {
    flags: {
      prefix: {
        kind: "parsed",
        parse: (value: string) => value,
        optional: true,
        brief: "Delete every key starting with this prefix",
      },
      silent: { kind: "boolean", default: false, brief: "Don't show the count of objects" },
      dryRun: {
        kind: "boolean",
        default: false,
        brief: "Show the keys that would be deleted, delete nothing",
      },
      ...awsFlagParameters,
    },
    aliases: { s: "silent", d: "dryRun", ...awsAliases },
    positional: {
      kind: "array",
      parameter: {
        brief: "Bucket, then keys to delete",
        placeholder: "BUCKET KEYS",
        parse: (value: string) => value,
      },
    },
  },
  docs: {
    brief: "Delete keys, or every key under a prefix",
    customUsage: ["[OPTIONS] BUCKET [KEYS]..."],
    fullDescription: [
      "Deletes the named keys, or every key under --prefix, 1,000 per request. Keys are used",
      "exactly as given.",
      "",
      "    s3-credentials delete-objects my-bucket a.txt b.txt",
      "    s3-credentials delete-objects my-bucket --prefix logs/ --dry-run",
    ].join("\n"),
  },
});
