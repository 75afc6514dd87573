// The one registry: every command's name next to the import that loads it. A run loads only
// the command it names; the root help, completions and the docs read the whole tree from here.
import { buildRouteMap, type Command, type RouteMap } from "@stricli/core";
import type { CliContext } from "./context.ts";

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

/** What a command file exports. */
export interface CommandModule {
  default: Command<CliContext>;
}

/** Every command, by name. */
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

async function loadCommand(name: string): Promise<Command<CliContext>> {
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
export async function loadRoutes(args: readonly string[]): Promise<RouteMap<CliContext>> {
  const names = Object.hasOwn(COMMANDS, args[0] ?? "") ? [args[0]] : Object.keys(COMMANDS);
  const commands = await Promise.all(names.map(loadCommand));
  return buildRouteMap({
    routes: Object.fromEntries(names.map((name, i) => [name, commands[i]])),
    docs: { brief: DESCRIPTION },
  });
}
