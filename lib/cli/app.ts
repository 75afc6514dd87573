import {
  buildApplication,
  buildRouteMap,
  type Command,
  type CommandContext,
  help,
  text_en,
} from "@stricli/core";

/**
 * Every command, by name, with the import that loads its file (which
 * default-exports the command). A run loads only the command it names.
 */
export const COMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  completions: () => import("./commands/completions.ts"),
  create: () => import("./commands/create.ts"),
  "debug-bucket": () => import("./commands/debug-bucket.ts"),
  "delete-objects": () => import("./commands/delete-objects.ts"),
  "delete-user": () => import("./commands/delete-user.ts"),
  "get-bucket-policy": () => import("./commands/get-bucket-policy.ts"),
  "get-cors-policy": () => import("./commands/get-cors-policy.ts"),
  "get-object": () => import("./commands/get-object.ts"),
  "get-objects": () => import("./commands/get-objects.ts"),
  "get-public-access-block": () => import("./commands/get-public-access-block.ts"),
  "list-bucket": () => import("./commands/list-bucket.ts"),
  "list-buckets": () => import("./commands/list-buckets.ts"),
  "list-roles": () => import("./commands/list-roles.ts"),
  "list-user-policies": () => import("./commands/list-user-policies.ts"),
  "list-users": () => import("./commands/list-users.ts"),
  localserver: () => import("./commands/localserver.ts"),
  policy: () => import("./commands/policy.ts"),
  "put-object": () => import("./commands/put-object.ts"),
  "put-objects": () => import("./commands/put-objects.ts"),
  "set-bucket-policy": () => import("./commands/set-bucket-policy.ts"),
  "set-cors-policy": () => import("./commands/set-cors-policy.ts"),
  "set-public-access-block": () => import("./commands/set-public-access-block.ts"),
  whoami: () => import("./commands/whoami.ts"),
};

/** What a command file exports. */
export interface CommandModule {
  default: Command<CommandContext>;
}

async function loadCommand(name: string): Promise<Command<CommandContext>> {
  return (await COMMANDS[name]()).default;
}

/** The command tree for `args`: just the named command, or all of them for help and typos. */
export async function loadRoutes(args: readonly string[]) {
  const names = Object.hasOwn(COMMANDS, args[0] ?? "") ? [args[0]] : Object.keys(COMMANDS);
  const commands = await Promise.all(names.map(loadCommand));
  return buildRouteMap({
    routes: Object.fromEntries(names.map((name, i) => [name, commands[i]])),
    docs: { brief: "A tool for creating credentials for accessing S3 buckets" },
  });
}

type Routes = Awaited<ReturnType<typeof loadRoutes>>;
/** How --help lays out flags (stricli's defaults for our case style). */
const formatting = {
  caseStyle: "convert-camel-to-kebab",
  useAliasInUsageLine: false,
  onlyRequiredInUsageLine: false,
} as const;
type Localization = Parameters<typeof buildApplication>[1]["localization"];

/** Builds the application; `localization` words errors, `determineExitCode` maps failures. */
export function buildApp(
  routes: Routes,
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
    // command alias that shadows it, and `set-cors-policy -h` is --allowed-header (spec 1.1).
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
export function splitAttachedShortValues(routes: Routes, args: readonly string[]): string[] {
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
