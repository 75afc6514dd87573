// The stricli application around the command tree: its help layout, error wording and exit codes.
import { buildApplication, help, type RouteMap, text_en } from "@stricli/core";
import type { CliContext } from "./context.ts";
import { takesValue } from "./flags/option.ts";

/** How --help lays out flags (stricli's defaults for our case style). */
const formatting = {
  caseStyle: "convert-camel-to-kebab",
  useAliasInUsageLine: false,
  onlyRequiredInUsageLine: false,
} as const;
type Localization = Parameters<typeof buildApplication>[1]["localization"];

/** Builds the application; `localization` words errors, `determineExitCode` maps failures. */
export function buildApp(
  routes: RouteMap<CliContext>,
  localization: Localization,
  determineExitCode: (error: unknown) => number,
) {
  return buildApplication(routes, {
    name: "s3-credentials",
    scanner: { caseStyle: "allow-kebab-for-camel", allowArgumentEscapeSequence: true },
    documentation: { caseStyle: "convert-camel-to-kebab", disableAnsiColor: true },
    localization,
    determineExitCode,
  }, {
    // Stricli's default help integrations, but --help has no `-h` alias: stricli refuses a
    // command alias that shadows it, and `set-cors-policy -h` is --allowed-header, as in the Python tool.
    help: help({ brief: text_en.briefs.help, alias: false, defaultForRouteMap: true, formatting }),
    helpAll: help({
      brief: text_en.briefs.helpAll,
      alias: "H",
      hidden: true,
      includeHidden: true,
      formatting,
    }),
  });
}

/**
 * Splits `-d15m` into `-d 15m` for short options that take a value (the
 * reference tool accepts both; stricli only the second). Stops at `--`.
 */
export function splitAttachedShortValues(
  routes: RouteMap<CliContext>,
  args: readonly string[],
): string[] {
  const target = args.length > 0 ? routes.getRoutingTargetForInput(args[0]) : undefined;
  const parameters = target && "parameters" in target ? target.parameters : undefined;
  const aliases: Record<string, string> = { ...parameters?.aliases };
  const aliasTakesValue = (letter: string) => takesValue(parameters?.flags?.[aliases[letter]]);
  const result: string[] = [];
  for (const [i, arg] of args.entries()) {
    if (arg === "--") return [...result, ...args.slice(i)];
    const match = /^-([a-zA-Z])(.+)$/.exec(arg);
    if (match && aliasTakesValue(match[1])) result.push(`-${match[1]}`, match[2]);
    else result.push(arg);
  }
  return result;
}
