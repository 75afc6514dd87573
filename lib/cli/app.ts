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
