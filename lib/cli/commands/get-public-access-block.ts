import { buildCommand } from "@stricli/core";
import { CliError } from "../../errors.ts";
import { PUBLIC_ACCESS_BLOCK_KEYS } from "../../bucket/public-access-block.ts";
import { formatJson } from "../../output/json.ts";
import { pickInOrder } from "../../output/listing.ts";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import { bucketPositional } from "../flags/bucket.ts";

export default buildCommand({
  async func(this: CliContext, flags: AwsFlags, bucket: string) {
    const { s3 } = await this.aws(flags, ["s3"]);
    const { getPublicAccessBlock } = await import("../../actions/public-access.ts");
    const configuration = await getPublicAccessBlock(
      s3,
      bucket,
    );
    if (configuration === undefined) {
      throw new CliError(
        `Bucket ${bucket} has no public access block configuration ` +
          "(NoSuchPublicAccessBlockConfiguration)",
      );
    }
    this.process.stdout.write(
      formatJson(pickInOrder(configuration, PUBLIC_ACCESS_BLOCK_KEYS), 4) + "\n",
    );
  },
  parameters: {
    flags: awsFlagParameters,
    aliases: awsAliases,
    positional: bucketPositional,
  },
  docs: {
    brief: "Print a bucket's public access block",
    fullDescription: [
      "Prints the bucket's public access block configuration as JSON. A bucket without one is",
      "an error (exit code 1).",
      "",
      "    s3-credentials get-public-access-block my-bucket",
    ].join("\n"),
  },
});
