import {
  buildApplication,
  buildRouteMap,
  type Command,
  type CommandContext,
  help,
  text_en,
} from "@stricli/core";

/**
 * Every command, registered by name and loaded on demand: a run loads only
 * the command it names (each definition costs start-up time).
 */
const COMMANDS: Record<string, () => Promise<Command<CommandContext>>> = {
  completions: () => import("./commands/completions.ts").then((m) => m.completionsCommand),
  create: () => import("./commands/create.ts").then((m) => m.createCommand),
  "debug-bucket": () => import("./commands/debug-bucket.ts").then((m) => m.debugBucketCommand),
  "delete-objects": () =>
    import("./commands/delete-objects.ts").then((m) => m.deleteObjectsCommand),
  "delete-user": () => import("./commands/delete-user.ts").then((m) => m.deleteUserCommand),
  "get-bucket-policy": () =>
    import("./commands/get-bucket-policy.ts").then((m) => m.getBucketPolicyCommand),
  "get-cors-policy": () =>
    import("./commands/get-cors-policy.ts").then((m) => m.getCorsPolicyCommand),
  "get-object": () => import("./commands/get-object.ts").then((m) => m.getObjectCommand),
  "get-objects": () => import("./commands/get-objects.ts").then((m) => m.getObjectsCommand),
  "get-public-access-block": () =>
    import("./commands/get-public-access-block.ts").then((m) => m.getPublicAccessBlockCommand),
  "list-bucket": () => import("./commands/list-bucket.ts").then((m) => m.listBucketCommand),
  "list-buckets": () => import("./commands/list-buckets.ts").then((m) => m.listBucketsCommand),
  "list-roles": () => import("./commands/list-roles.ts").then((m) => m.listRolesCommand),
  "list-user-policies": () =>
    import("./commands/list-user-policies.ts").then((m) => m.listUserPoliciesCommand),
  "list-users": () => import("./commands/list-users.ts").then((m) => m.listUsersCommand),
  localserver: () => import("./commands/localserver.ts").then((m) => m.localserverCommand),
  policy: () => import("./commands/policy.ts").then((m) => m.policyCommand),
  "put-object": () => import("./commands/put-object.ts").then((m) => m.putObjectCommand),
  "put-objects": () => import("./commands/put-objects.ts").then((m) => m.putObjectsCommand),
  "set-bucket-policy": () =>
    import("./commands/set-bucket-policy.ts").then((m) => m.setBucketPolicyCommand),
  "set-cors-policy": () =>
    import("./commands/set-cors-policy.ts").then((m) => m.setCorsPolicyCommand),
  "set-public-access-block": () =>
    import("./commands/set-public-access-block.ts").then((m) => m.setPublicAccessBlockCommand),
  whoami: () => import("./commands/whoami.ts").then((m) => m.whoamiCommand),
};

/** The command tree for `args`: just the named command, or all of them for help and typos. */
export async function loadRoutes(args: readonly string[]) {
  const names = args[0] in COMMANDS ? [args[0]] : Object.keys(COMMANDS);
  const commands = await Promise.all(names.map((name) => COMMANDS[name]()));
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
