// `--source-ip`, `--vpc-endpoint`, `--require-tls` (policy, create, localserver): where
// the credentials may be used from.
import {
  type AccessConditions,
  matchesEveryAddress,
  parseSourceIp,
  parseVpcEndpoint,
} from "../../policy/conditions.ts";

/** The condition flags, as parsed. */
export interface ConditionFlags {
  readonly sourceIp?: string[];
  readonly vpcEndpoint?: string[];
  readonly requireTls?: boolean;
}

export const conditionFlagParameters = {
  sourceIp: {
    kind: "parsed",
    parse: parseSourceIp,
    optional: true,
    variadic: true,
    placeholder: "CIDR",
    brief: "Deny requests from other addresses: 203.0.113.0/24, 2001:db8::/32 (repeatable)",
  },
  vpcEndpoint: {
    kind: "parsed",
    parse: parseVpcEndpoint,
    optional: true,
    variadic: true,
    placeholder: "VPCE_ID",
    brief: "Also allow requests through this VPC endpoint; alone: only through it (repeatable)",
  },
  requireTls: { kind: "boolean", optional: true, brief: "Deny requests over plain HTTP" },
} as const;

/** The conditions the flags ask for, each value once. */
export function conditionsOf(flags: ConditionFlags): AccessConditions {
  return {
    sourceIps: [...new Set(flags.sourceIp ?? [])],
    vpcEndpoints: [...new Set(flags.vpcEndpoint ?? [])],
    requireTls: flags.requireTls ?? false,
  };
}

/** A warning line for each range that matches every address of its family. */
export function conditionWarnings(conditions: AccessConditions): string[] {
  return conditions.sourceIps.filter(matchesEveryAddress).map((cidr) =>
    `warning: --source-ip ${cidr} restricts nothing: it matches every ` +
    `${cidr.includes(":") ? "IPv6" : "IPv4"} address`
  );
}
