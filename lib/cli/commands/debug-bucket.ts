import { buildCommand } from "@stricli/core";
import type { BucketDiagnostics, CheckResult } from "../../actions/debug-bucket.ts";
import { CliError } from "../../errors.ts";
import { PUBLIC_ACCESS_BLOCK_KEYS } from "../../bucket/public-access-block.ts";
import { formatJson } from "../../output/json.ts";
import { pickInOrder } from "../../output/listing.ts";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import { bucketPositional } from "../flags/bucket.ts";

type Response = Record<string, unknown>;
const GRANTEE_KEYS = ["DisplayName", "EmailAddress", "ID", "Type", "URI"];

// The responses in the key order the Python tool prints them.
function orderedAcl(response: Response): Response {
  const owner = response.Owner as object | undefined;
  const grants = response.Grants as { Grantee?: object; Permission?: string }[] | undefined;
  return {
    Owner: owner && pickInOrder(owner, ["DisplayName", "ID"]),
    Grants: grants?.map((grant) => ({
      Grantee: grant.Grantee && pickInOrder(grant.Grantee, GRANTEE_KEYS),
      Permission: grant.Permission,
    })),
  };
}

function orderedPolicyStatus(response: Response): Response {
  return { PolicyStatus: pickInOrder(response.PolicyStatus as object, ["IsPublic"]) };
}

function orderedPublicAccessBlock(response: Response): Response {
  const configuration = response.PublicAccessBlockConfiguration as object | undefined;
  return {
    PublicAccessBlockConfiguration: configuration &&
      pickInOrder(configuration, PUBLIC_ACCESS_BLOCK_KEYS),
  };
}

const SECTIONS = [
  { key: "acl", heading: "Bucket ACL", checking: "bucket ACL", order: orderedAcl },
  {
    key: "policyStatus",
    heading: "Bucket policy status",
    checking: "bucket policy status",
    order: orderedPolicyStatus,
  },
  {
    key: "publicAccessBlock",
    heading: "Bucket public access block",
    checking: "bucket public access block",
    order: orderedPublicAccessBlock,
  },
] as const;

function renderSection(section: typeof SECTIONS[number], result: CheckResult): string {
  switch (result.kind) {
    case "ok":
      return `${section.heading}:\n${formatJson(section.order(result.response), 4)}\n`;
    case "failed":
      return `Error checking ${section.checking}: ${result.error}\n`;
    case "unavailable":
      return `${section.heading}: not available (${result.reason})\n`;
  }
}

/**
 * The report `debug-bucket` prints on stdout: each check's heading and JSON,
 * or its error on one line (on stdout too, as the reference tool does).
 */
export function renderDiagnostics(diagnostics: BucketDiagnostics): string {
  return SECTIONS.map((section) => renderSection(section, diagnostics[section.key])).join("");
}

export default buildCommand({
  async func(this: CliContext, flags: AwsFlags, bucket: string) {
    const { s3 } = await this.aws(flags, ["s3"]);
    const { diagnoseBucket } = await import("../../actions/debug-bucket.ts");
    const diagnostics = await diagnoseBucket(s3, bucket);
    this.process.stdout.write(renderDiagnostics(diagnostics));
    if (SECTIONS.every((section) => diagnostics[section.key].kind === "failed")) {
      throw new CliError(`Every check of bucket ${bucket} failed`);
    }
  },
  parameters: {
    flags: awsFlagParameters,
    aliases: awsAliases,
    positional: bucketPositional,
  },
  docs: {
    brief: "Print a bucket's ACL, policy status and public access block",
    fullDescription: [
      "Prints the bucket's ACL, policy status and public access block. A check that fails",
      "prints its error on one line and the others still run; the exit code is 1 only when",
      "every check failed.",
      "",
      "    s3-credentials debug-bucket my-bucket",
    ].join("\n"),
  },
});
