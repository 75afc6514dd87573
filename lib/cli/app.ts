import {
  buildApplication,
  buildRouteMap,
  type Command,
  type CommandContext,
  help,
  text_en,
} from "@stricli/core";

/**
 * Every command: its name, which is also its file (lib/cli/commands/NAME.ts),
 * and the name of the command object that file exports. A run loads only the
 * command it names: each definition costs start-up time.
 */
export const COMMANDS: Readonly<Record<string, string>> = {
  completions: "completionsCommand",
  create: "createCommand",
  "debug-bucket": "debugBucketCommand",
  "delete-objects": "deleteObjectsCommand",
  "delete-user": "deleteUserCommand",
  "get-bucket-policy": "getBucketPolicyCommand",
  "get-cors-policy": "getCorsPolicyCommand",
  "get-object": "getObjectCommand",
  "get-objects": "getObjectsCommand",
  "get-public-access-block": "getPublicAccessBlockCommand",
  "list-bucket": "listBucketCommand",
  "list-buckets": "listBucketsCommand",
  "list-roles": "listRolesCommand",
  "list-user-policies": "listUserPoliciesCommand",
  "list-users": "listUsersCommand",
  localserver: "localserverCommand",
  policy: "policyCommand",
  "put-object": "putObjectCommand",
  "put-objects": "putObjectsCommand",
  "set-bucket-policy": "setBucketPolicyCommand",
  "set-cors-policy": "setCorsPolicyCommand",
  "set-public-access-block": "setPublicAccessBlockCommand",
  whoami: "whoamiCommand",
};

/** Loads the module of the command `name`. */
export type CommandModuleLoader = (name: string) => Promise<Record<string, unknown>>;

// From source the module's URL is computed, so Deno does not walk the graphs of every
// command at start-up (about 9 ms); the bundle entry lists the modules for the bundler.
let loadCommandModule: CommandModuleLoader = (name) =>
  import(new URL(`./commands/${name}.ts`, import.meta.url).href);

/** Replaces how command modules are loaded (scripts/bundle-entry.ts imports them statically). */
export function useCommandModules(loader: CommandModuleLoader): void {
  loadCommandModule = loader;
}

async function loadCommand(name: string): Promise<Command<CommandContext>> {
  const module = await loadCommandModule(name);
  return module[COMMANDS[name]] as Command<CommandContext>;
}

/** The command tree for `args`: just the named command, or all of them for help and typos. */
export async function loadRoutes(args: readonly string[]) {
  const names = args[0] in COMMANDS ? [args[0]] : Object.keys(COMMANDS);
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
