import { buildCommand } from "@stricli/core";
import { UsageError } from "../../errors.ts";
import { publicBucketPolicy } from "../../policy/public-bucket.ts";
import { formatJson } from "../../output/json.ts";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import { bucketPositional } from "../flags/bucket.ts";
import { readInput } from "../flags/input.ts";

interface SetBucketPolicyFlags extends AwsFlags {
  readonly policyFile?: Record<string, unknown>;
  readonly allowAllGet: boolean;
}

/**
 * Reads `--policy-file` (`-` for standard input) at parse time: it must
 * hold a JSON object. Stricli passes errors of asynchronous parsers on as
 * they are, so they name the flag themselves.
 */
async function readPolicyFile(path: string): Promise<Record<string, unknown>> {
  const invalid = (detail: string) =>
    new UsageError(`Invalid value for '--policy-file': ${detail}`);
  let content: string;
  try {
    content = await readInput(path, "--policy-file");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw invalid((error as Error).message);
  }
  const source = path === "-" ? "standard input" : `'${path}'`;
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch {
    // The parser's message quotes the text, which may be a secret pasted by mistake.
    throw invalid(`${source} is not valid JSON`);
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw invalid(`${source} must hold a JSON object`);
  }
  return document as Record<string, unknown>;
}

/** The policy the flags ask for: the file's, or the public-read policy; exactly one of them. */
export function bucketPolicyFrom(flags: SetBucketPolicyFlags, bucket: string): unknown {
  if (flags.policyFile && flags.allowAllGet) {
    throw new UsageError("Cannot pass both --allow-all-get and --policy-file");
  }
  if (flags.allowAllGet) return publicBucketPolicy(bucket);
  if (flags.policyFile) return flags.policyFile;
  throw new UsageError("Specify --policy-file FILE or --allow-all-get");
}

export default buildCommand({
  async func(this: CliContext, flags: SetBucketPolicyFlags, bucket: string) {
    const policy = bucketPolicyFrom(flags, bucket);
    const { s3 } = await this.aws(flags, ["s3"]);
    const { putBucketPolicy } = await import("../../aws/bucket-policy.ts");
    await putBucketPolicy(s3, bucket, policy);
    this.process.stderr.write("Policy set:\n" + formatJson(policy, 4) + "\n");
  },
  parameters: {
    flags: {
      policyFile: {
        kind: "parsed",
        parse: readPolicyFile,
        optional: true,
        placeholder: "FILE",
        brief: "JSON file with the bucket policy, - for standard input",
      },
      allowAllGet: {
        kind: "boolean",
        default: false,
        brief: "Allow anyone to download any object of the bucket",
      },
      ...awsFlagParameters,
    },
    aliases: awsAliases,
    positional: bucketPositional,
  },
  docs: {
    brief: "Replace a bucket's policy",
    fullDescription: [
      "Replaces the bucket's policy with the one in a JSON file, or with a policy that lets",
      "anyone download every object (--allow-all-get). Echoes the policy on stderr.",
      "",
      "    s3-credentials set-bucket-policy my-bucket --policy-file policy.json",
      "    s3-credentials set-bucket-policy my-bucket --allow-all-get",
    ].join("\n"),
  },
});
