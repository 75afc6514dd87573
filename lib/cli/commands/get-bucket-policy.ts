import { buildCommand } from "@stricli/core";
import { CliError } from "../../errors.ts";
import { formatJson } from "../../output/json.ts";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import { bucketPositional } from "../flags/bucket.ts";

/** The policy as `get-bucket-policy` prints it: 4-space JSON in the stored key order. */
export function renderBucketPolicy(policyText: string): string {
  let document: unknown;
  try {
    document = JSON.parse(policyText);
  } catch {
    // Not JSON (an S3-compatible server's oddity): show the text rather than fail.
    document = policyText;
  }
  return formatJson(document, 4) + "\n";
}

export default buildCommand({
  async func(this: CliContext, flags: AwsFlags, bucket: string) {
    const { s3 } = await this.aws(flags, ["s3"]);
    const { getBucketPolicy } = await import("../../aws/bucket-policy.ts");
    const policy = await getBucketPolicy(s3, bucket);
    if (policy === undefined) {
      throw new CliError(`Bucket ${bucket} has no bucket policy (NoSuchBucketPolicy)`);
    }
    this.process.stdout.write(renderBucketPolicy(policy));
  },
  parameters: {
    flags: awsFlagParameters,
    aliases: awsAliases,
    positional: bucketPositional,
  },
  docs: {
    brief: "Print a bucket's policy",
    fullDescription: [
      "Prints the bucket's policy as JSON. A bucket without a policy is an error (exit code 1).",
      "",
      "    s3-credentials get-bucket-policy my-bucket",
    ].join("\n"),
  },
});
