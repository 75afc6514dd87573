import { buildApplication, buildRouteMap } from "@stricli/core";
import { createCommand } from "./commands/create.ts";
import { policyCommand } from "./commands/policy.ts";

/** The command tree: every command is registered here. */
export const routes = buildRouteMap({
  routes: {
    create: createCommand,
    policy: policyCommand,
  },
  docs: {
    brief: "A tool for creating credentials for accessing S3 buckets",
  },
});

type Localization = Parameters<typeof buildApplication>[1]["localization"];

/** Builds the application; `localization` words errors, `determineExitCode` maps failures. */
export function buildApp(
  localization: Localization,
  determineExitCode: (error: unknown) => number,
) {
  return buildApplication(routes, {
    name: "s3-credentials",
    scanner: { caseStyle: "allow-kebab-for-camel", allowArgumentEscapeSequence: true },
    documentation: { caseStyle: "convert-camel-to-kebab", disableAnsiColor: true },
    localization,
    determineExitCode,
  });
}

/**
 * Splits `-d15m` into `-d 15m` for short options that take a value (the
 * reference tool accepts both; stricli only the second). Stops at `--`.
 */
export function splitAttachedShortValues(args: readonly string[]): string[] {
  const target = args.length > 0 ? routes.getRoutingTargetForInput(args[0]) : undefined;
  const parameters = target && "parameters" in target ? target.parameters : undefined;
  const aliases: Record<string, string> = { ...parameters?.aliases };
  const takesValue = (letter: string) => {
    const kind = parameters?.flags?.[aliases[letter]]?.kind;
    return kind === "parsed" || kind === "enum";
  };
  const result: string[] = [];
  for (const [i, arg] of args.entries()) {
    if (arg === "--") return [...result, ...args.slice(i)];
    const match = /^-([a-zA-Z])(.+)$/.exec(arg);
    if (match && takesValue(match[1])) result.push(`-${match[1]}`, match[2]);
    else result.push(arg);
  }
  return result;
}
