// Where credentials may be used from: final Deny statements on the source
// address, the VPC endpoint and TLS, which cap everything the policy allows.
import { UsageError } from "../errors.ts";
import type { ExtraStatement } from "./types.ts";

/** `--source-ip`, `--vpc-endpoint` and `--require-tls`, parsed. */
export interface AccessConditions {
  /** CIDR ranges (a bare address becomes /32 or /128). */
  readonly sourceIps: readonly string[];
  /** VPC endpoint ids (`vpce-...`). */
  readonly vpcEndpoints: readonly string[];
  readonly requireTls: boolean;
}

/** No conditions: the credentials work from anywhere, as without these flags. */
export const NO_CONDITIONS: AccessConditions = {
  sourceIps: [],
  vpcEndpoints: [],
  requireTls: false,
};

/** True when `conditions` restrict nothing. */
export function isUnconditional(conditions: AccessConditions | undefined): boolean {
  return conditions === undefined ||
    (conditions.sourceIps.length === 0 && conditions.vpcEndpoints.length === 0 &&
      !conditions.requireTls);
}

const SOURCE_IP_FORMS = "an IPv4 or IPv6 address or CIDR range (203.0.113.0/24, 2001:db8::/32)";

/** True for a dotted-quad IPv4 address; leading zeros are refused (some tools read them as octal). */
function isIpv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 &&
    parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
}

/** True for an IPv6 address: eight groups, `::` once at most, an IPv4 tail allowed. */
function isIpv6(text: string): boolean {
  let groups = text.split(":");
  const last = groups[groups.length - 1];
  if (last.includes(".")) {
    if (!isIpv4(last)) return false;
    // The IPv4 tail holds the last two groups.
    groups = groups.slice(0, -1).concat("0", "0");
  }
  const joined = groups.join(":");
  const halves = joined.split("::");
  if (halves.length > 2) return false;
  const hex = (part: string) => part === "" ? [] : part.split(":");
  const words = halves.flatMap(hex);
  if (!words.every((word) => /^[0-9a-fA-F]{1,4}$/.test(word))) return false;
  // `::` stands for one or more zero groups; without it there are exactly eight.
  return halves.length === 2 ? words.length <= 7 : words.length === 8;
}

/**
 * Parses one `--source-ip`: an IPv4 or IPv6 address (meaning /32 or /128) or
 * CIDR range, returned as a CIDR. Throws an Error saying what is wrong.
 */
export function parseSourceIp(text: string): string {
  const slash = text.indexOf("/");
  const address = slash < 0 ? text : text.slice(0, slash);
  const length = slash < 0 ? undefined : text.slice(slash + 1);
  const bits = isIpv4(address) ? 32 : isIpv6(address) ? 128 : undefined;
  if (bits === undefined) throw new Error(`${text} is not ${SOURCE_IP_FORMS}`);
  if (length === undefined) return `${address}/${bits}`;
  if (!/^(0|[1-9]\d*)$/.test(length) || Number(length) > bits) {
    throw new Error(
      `${text} has the prefix length ${length || "(none)"}: ` +
        `${bits === 32 ? "IPv4" : "IPv6"} prefix lengths run from 0 to ${bits}`,
    );
  }
  return `${address}/${length}`;
}

/** True for a range of prefix length 0, which lets every address of its family through. */
export function matchesEveryAddress(cidr: string): boolean {
  return cidr.endsWith("/0");
}

/** Parses one `--vpc-endpoint`: `vpce-` and 8 to 17 lowercase hexadecimal characters. */
export function parseVpcEndpoint(text: string): string {
  if (!/^vpce-[0-9a-f]{8,17}$/.test(text)) {
    throw new Error(
      `${text} is not a VPC endpoint id: vpce- followed by 8 to 17 lowercase hexadecimal ` +
        "characters (vpce-1a2b3c4d)",
    );
  }
  return text;
}

/**
 * The final statements for `conditions`: one Deny for requests from neither
 * a listed range nor a listed endpoint (unless an AWS service sends them on
 * the caller's behalf), and one Deny for plain HTTP. Empty when unconditional.
 */
export function conditionStatements(conditions: AccessConditions): ExtraStatement[] {
  const statements: ExtraStatement[] = [];
  const { sourceIps, vpcEndpoints } = conditions;
  if (sourceIps.length > 0 || vpcEndpoints.length > 0) {
    statements.push({
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: {
        ...(sourceIps.length > 0 ? { NotIpAddress: { "aws:SourceIp": [...sourceIps] } } : {}),
        ...(vpcEndpoints.length > 0
          ? { StringNotEquals: { "aws:SourceVpce": [...vpcEndpoints] } }
          : {}),
        Bool: { "aws:ViaAWSService": "false" },
      },
    });
  }
  if (conditions.requireTls) {
    statements.push({
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  }
  return statements;
}

/**
 * `document` with the condition statements appended. Works for generated and
 * custom policies; a custom document without a Statement is a usage error.
 */
export function withConditions(
  document: unknown,
  conditions: AccessConditions | undefined,
): unknown {
  if (conditions === undefined || isUnconditional(conditions)) return document;
  if (typeof document !== "object" || document === null || !("Statement" in document)) {
    throw new UsageError(
      `${conditionFlags(conditions).join(", ")} needs a policy document with a Statement to add to`,
    );
  }
  const statement = (document as { Statement: unknown }).Statement;
  const list = Array.isArray(statement) ? statement : [statement];
  return { ...document, Statement: [...list, ...conditionStatements(conditions)] };
}

/** The flags that set `conditions`, as the user typed them. */
export function conditionFlags(conditions: AccessConditions): string[] {
  return [
    conditions.sourceIps.length > 0 && "--source-ip",
    conditions.vpcEndpoints.length > 0 && "--vpc-endpoint",
    conditions.requireTls && "--require-tls",
  ].filter((flag): flag is string => typeof flag === "string");
}

/** The words of the conditions tag: the ranges, the endpoints, then `require-tls`. */
export function conditionWords(conditions: AccessConditions): string[] {
  return [
    ...conditions.sourceIps,
    ...conditions.vpcEndpoints,
    ...(conditions.requireTls ? ["require-tls"] : []),
  ];
}
