import { buildCommand } from "@stricli/core";
import type { CliContext } from "../context.ts";
import { UsageError } from "../../errors.ts";
import { publicBucketPolicy } from "../../policy/public-bucket.ts";
import { isoSeconds, withExpiry } from "../../policy/expiry.ts";
import { combinedPolicy } from "../../policy/permission-statements.ts";
import { formatJson } from "../../output/json.ts";
import { bucketsPositional } from "../flags/bucket.ts";
import { expiresFlagParameter } from "../flags/expires.ts";
import {
  type PolicyRequestFlags,
  policyRequestOf,
  policyRequestParameters,
} from "../flags/policy-request.ts";

interface PolicyFlags extends PolicyRequestFlags {
  readonly publicBucket: boolean;
  readonly expires?: Date;
}

/** The policy document `policy` prints for these flags and buckets. */
export function policyFor(flags: PolicyFlags, buckets: string[]): unknown {
  if (flags.publicBucket) {
    if (buckets.length !== 1) {
      throw new UsageError("--public-bucket policy can only be generated for a single bucket");
    }
    if (flags.expires) throw new UsageError("--expires cannot be combined with --public-bucket");
    return publicBucketPolicy(buckets[0]);
  }
  const policy = combinedPolicy(buckets, policyRequestOf(flags));
  return withExpiry(policy, flags.expires && isoSeconds(flags.expires));
}

export default buildCommand({
  func(this: CliContext, flags: PolicyFlags, ...buckets: string[]) {
    this.process.stdout.write(formatJson(policyFor(flags, buckets), 4) + "\n");
  },
  parameters: {
    flags: {
      ...policyRequestParameters,
      publicBucket: {
        kind: "boolean",
        brief: "Print the bucket policy that makes every object of the bucket public",
        default: false,
      },
      expires: expiresFlagParameter,
    },
    positional: bucketsPositional,
  },
  docs: {
    brief: "Print the JSON policy create would use (no AWS call)",
    fullDescription: [
      "Prints the IAM policy that `create` would use for these buckets. Makes no AWS call.",
      "",
      "    s3-credentials policy my-bucket --read-only --prefix reports/",
      "",
      "With --expires, the policy ends with the statement `create --expires` adds:",
      "",
      "    s3-credentials policy my-bucket --expires 2027-01-31",
    ].join("\n"),
  },
});
