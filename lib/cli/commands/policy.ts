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
  conditionFlagParameters,
  type ConditionFlags,
  conditionsOf,
  conditionWarnings,
} from "../flags/conditions.ts";
import { conditionFlags, withConditions } from "../../policy/conditions.ts";
import {
  type PolicyRequestFlags,
  policyRequestOf,
  policyRequestParameters,
} from "../flags/policy-request.ts";

interface PolicyFlags extends PolicyRequestFlags, ConditionFlags {
  readonly publicBucket: boolean;
  readonly expires?: Date;
}

/** The policy document `policy` prints for these flags and buckets. */
export function policyFor(flags: PolicyFlags, buckets: string[]): unknown {
  const conditions = conditionsOf(flags);
  if (flags.publicBucket) {
    if (buckets.length !== 1) {
      throw new UsageError("--public-bucket policy can only be generated for a single bucket");
    }
    const limits = [...(flags.expires ? ["--expires"] : []), ...conditionFlags(conditions)];
    if (limits.length > 0) {
      throw new UsageError(`${limits.join(", ")} cannot be combined with --public-bucket`);
    }
    return publicBucketPolicy(buckets[0]);
  }
  const policy = withConditions(combinedPolicy(buckets, policyRequestOf(flags)), conditions);
  return withExpiry(policy, flags.expires && isoSeconds(flags.expires));
}

export default buildCommand({
  func(this: CliContext, flags: PolicyFlags, ...buckets: string[]) {
    const policy = policyFor(flags, buckets);
    for (const line of conditionWarnings(conditionsOf(flags))) {
      this.process.stderr.write(line + "\n");
    }
    this.process.stdout.write(formatJson(policy, 4) + "\n");
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
      ...conditionFlagParameters,
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
      "",
      "With --source-ip, --vpc-endpoint or --require-tls, it ends with the statements that",
      "deny requests from elsewhere (see docs/credentials.md):",
      "",
      "    s3-credentials policy my-bucket --source-ip 203.0.113.0/24 --vpc-endpoint vpce-1a2b3c4d",
    ].join("\n"),
  },
});
