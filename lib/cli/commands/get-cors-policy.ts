import { buildCommand } from "@stricli/core";
import { CliError } from "../../errors.ts";
import { CORS_RULE_KEYS } from "../../bucket/cors.ts";
import { formatJson } from "../../output/json.ts";
import { pickInOrder } from "../../output/listing.ts";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import { bucketPositional } from "../flags/bucket.ts";

/** The CORS rules as `get-cors-policy` prints them: 4-space JSON, keys in the reference's order. */
export function renderCorsRules(rules: readonly object[]): string {
  return formatJson(rules.map((rule) => pickInOrder(rule, CORS_RULE_KEYS)), 4) + "\n";
}

export default buildCommand({
  async func(this: CliContext, flags: AwsFlags, bucket: string) {
    const { s3 } = await this.aws(flags, ["s3"]);
    const { getCorsRules } = await import("../../actions/cors.ts");
    const rules = await getCorsRules(s3, bucket);
    if (rules === undefined) {
      throw new CliError(`Bucket ${bucket} has no CORS configuration (NoSuchCORSConfiguration)`);
    }
    this.process.stdout.write(renderCorsRules(rules));
  },
  parameters: {
    flags: awsFlagParameters,
    aliases: awsAliases,
    positional: bucketPositional,
  },
  docs: {
    brief: "Print a bucket's CORS rules",
    fullDescription: [
      "Prints the bucket's CORS rules as JSON. A bucket without a CORS configuration is an",
      "error (exit code 1).",
      "",
      "    s3-credentials get-cors-policy my-bucket",
    ].join("\n"),
  },
});
