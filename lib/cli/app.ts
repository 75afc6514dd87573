import {
  buildApplication,
  buildRouteMap,
  type Command,
  type CommandContext,
  help,
  text_en,
} from "@stricli/core";

/** The groups of the root help, in the order it shows them (the README's order). */
export const COMMAND_GROUPS = [
  "Credentials",
  "Access keys",
  "Account",
  "Objects",
  "Bucket settings",
  "Shell",
] as const;

/** A registered command: its group in the root help, and the import that loads its file. */
export interface CommandEntry {
  readonly group: (typeof COMMAND_GROUPS)[number];
  /** Loads the command's file, which default-exports the command. */
  readonly load: () => Promise<CommandModule>;
}

/** Every command, by name. A run loads only the command it names. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  create: { group: "Credentials", load: () => import("./commands/create.ts") },
  policy: { group: "Credentials", load: () => import("./commands/policy.ts") },
  localserver: { group: "Credentials", load: () => import("./commands/localserver.ts") },
  whoami: { group: "Credentials", load: () => import("./commands/whoami.ts") },
  "list-access-keys": {
    group: "Access keys",
    load: () => import("./commands/list-access-keys.ts"),
  },
  "rotate-access-key": {
    group: "Access keys",
    load: () => import("./commands/rotate-access-key.ts"),
  },
  "deactivate-access-key": {
    group: "Access keys",
    load: () => import("./commands/deactivate-access-key.ts"),
  },
  "activate-access-key": {
    group: "Access keys",
    load: () => import("./commands/activate-access-key.ts"),
  },
  "delete-access-key": {
    group: "Access keys",
    load: () => import("./commands/delete-access-key.ts"),
  },
  cleanup: { group: "Access keys", load: () => import("./commands/cleanup.ts") },
  "revoke-sessions": { group: "Credentials", load: () => import("./commands/revoke-sessions.ts") },
  "list-users": { group: "Account", load: () => import("./commands/list-users.ts") },
  "list-roles": { group: "Account", load: () => import("./commands/list-roles.ts") },
  "list-user-policies": {
    group: "Account",
    load: () => import("./commands/list-user-policies.ts"),
  },
  "delete-user": { group: "Account", load: () => import("./commands/delete-user.ts") },
  "list-buckets": { group: "Account", load: () => import("./commands/list-buckets.ts") },
  "list-bucket": { group: "Objects", load: () => import("./commands/list-bucket.ts") },
  "get-object": { group: "Objects", load: () => import("./commands/get-object.ts") },
  "get-objects": { group: "Objects", load: () => import("./commands/get-objects.ts") },
  "put-object": { group: "Objects", load: () => import("./commands/put-object.ts") },
  "put-objects": { group: "Objects", load: () => import("./commands/put-objects.ts") },
  "delete-objects": { group: "Objects", load: () => import("./commands/delete-objects.ts") },
  "get-bucket-policy": {
    group: "Bucket settings",
    load: () => import("./commands/get-bucket-policy.ts"),
  },
  "set-bucket-policy": {
    group: "Bucket settings",
    load: () => import("./commands/set-bucket-policy.ts"),
  },
  "get-cors-policy": {
    group: "Bucket settings",
    load: () => import("./commands/get-cors-policy.ts"),
  },
  "set-cors-policy": {
    group: "Bucket settings",
    load: () => import("./commands/set-cors-policy.ts"),
  },
  "get-public-access-block": {
    group: "Bucket settings",
    load: () => import("./commands/get-public-access-block.ts"),
  },
  "set-public-access-block": {
    group: "Bucket settings",
    load: () => import("./commands/set-public-access-block.ts"),
  },
  "debug-bucket": { group: "Bucket settings", load: () => import("./commands/debug-bucket.ts") },
  completions: { group: "Shell", load: () => import("./commands/completions.ts") },
};

/** What a command file exports. */
export interface CommandModule {
  default: Command<CommandContext>;
}

async function loadCommand(name: string): Promise<Command<CommandContext>> {
  return (await COMMANDS[name].load()).default;
}

/** What the tool is, in the root help and the route map. */
const DESCRIPTION = "A tool for creating credentials for accessing S3 buckets";

/** The root help: a usage line, then every command by group with its brief. */
export async function rootHelp(): Promise<string> {
  const { formatRootHelp } = await import("../output/root-help.ts");
  const names = Object.keys(COMMANDS);
  const commands = await Promise.all(names.map(loadCommand));
  return formatRootHelp(
    "s3-credentials",
    DESCRIPTION,
    COMMAND_GROUPS,
    names.map((name, i) => ({ name, group: COMMANDS[name].group, brief: commands[i].brief })),
  );
}

/** The command tree for `args`: just the named command, or all of them for help and typos. */
export async function loadRoutes(args: readonly string[]) {
  const names = Object.hasOwn(COMMANDS, args[0] ?? "") ? [args[0]] : Object.keys(COMMANDS);
  const commands = await Promise.all(names.map(loadCommand));
  return buildRouteMap({
    routes: Object.fromEntries(names.map((name, i) => [name, commands[i]])),
    docs: { brief: DESCRIPTION },
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
