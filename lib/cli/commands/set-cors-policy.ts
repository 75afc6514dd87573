import { buildCommand } from "@stricli/core";
import { CORS_RULE_ID, corsRule, parseCorsMethod, parseMaxAgeSeconds } from "../../bucket/cors.ts";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import { bucketPositional } from "../flags/bucket.ts";

interface SetCorsPolicyFlags extends AwsFlags {
  readonly allowedMethod?: string[];
  readonly allowedHeader?: string[];
  readonly allowedOrigin?: string[];
  readonly exposeHeader?: string[];
  readonly maxAgeSeconds?: number;
}

const text = (value: string) => value;

export default buildCommand({
  async func(this: CliContext, flags: SetCorsPolicyFlags, bucket: string) {
    const rule = corsRule({
      allowedMethods: flags.allowedMethod,
      allowedHeaders: flags.allowedHeader,
      allowedOrigins: flags.allowedOrigin,
      exposeHeaders: flags.exposeHeader,
      maxAgeSeconds: flags.maxAgeSeconds,
    });
    const { s3 } = await this.aws(flags, ["s3"]);
    const { setCorsRule } = await import("../../actions/cors.ts");
    await setCorsRule(s3, bucket, rule);
  },
  parameters: {
    flags: {
      allowedMethod: {
        kind: "parsed",
        parse: parseCorsMethod,
        optional: true,
        variadic: true,
        placeholder: "METHOD",
        brief: "Allowed method: GET, PUT, HEAD, POST or DELETE (repeatable; default GET)",
      },
      allowedHeader: {
        kind: "parsed",
        parse: text,
        optional: true,
        variadic: true,
        placeholder: "HEADER",
        brief: "Allowed request header (repeatable)",
      },
      allowedOrigin: {
        kind: "parsed",
        parse: text,
        optional: true,
        variadic: true,
        placeholder: "ORIGIN",
        brief: "Allowed origin (repeatable; default *)",
      },
      exposeHeader: {
        kind: "parsed",
        parse: text,
        optional: true,
        variadic: true,
        placeholder: "HEADER",
        brief: "Header to expose to the browser (repeatable)",
      },
      maxAgeSeconds: {
        kind: "parsed",
        parse: parseMaxAgeSeconds,
        optional: true,
        placeholder: "SECONDS",
        brief: "How long browsers may cache the preflight response (0 is kept)",
      },
      ...awsFlagParameters,
    },
    // -h is --allowed-header, as in the reference tool; help is --help only.
    aliases: {
      m: "allowedMethod",
      h: "allowedHeader",
      o: "allowedOrigin",
      e: "exposeHeader",
      ...awsAliases,
    },
    positional: bucketPositional,
  },
  docs: {
    brief: "Replace a bucket's CORS rules",
    fullDescription: [
      `Replaces the bucket's CORS configuration with one rule (ID ${CORS_RULE_ID}).`,
      "Without options the rule allows GET from any origin. Prints nothing on success.",
      "",
      "    s3-credentials set-cors-policy my-bucket",
      "    s3-credentials set-cors-policy my-bucket -m GET -m PUT -o https://example.com \\",
      "        -h Content-Type -e ETag --max-age-seconds 3600",
    ].join("\n"),
  },
});
