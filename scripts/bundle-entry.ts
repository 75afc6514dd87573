// Entry point of the single-file bundle and the compiled executables. Running
// from source, main.ts loads command modules by computed URL, which bundlers
// cannot follow; here every command module is named so that they are included
// (and still evaluated only when their command runs).
import { main } from "../main.ts";
import { useCommandModules } from "../lib/cli/app.ts";

/** Every command module, by command name (tests check this matches lib/cli/app.ts). */
export const COMMAND_MODULES: Record<string, () => Promise<Record<string, unknown>>> = {
  completions: () => import("../lib/cli/commands/completions.ts"),
  create: () => import("../lib/cli/commands/create.ts"),
  "debug-bucket": () => import("../lib/cli/commands/debug-bucket.ts"),
  "delete-objects": () => import("../lib/cli/commands/delete-objects.ts"),
  "delete-user": () => import("../lib/cli/commands/delete-user.ts"),
  "get-bucket-policy": () => import("../lib/cli/commands/get-bucket-policy.ts"),
  "get-cors-policy": () => import("../lib/cli/commands/get-cors-policy.ts"),
  "get-object": () => import("../lib/cli/commands/get-object.ts"),
  "get-objects": () => import("../lib/cli/commands/get-objects.ts"),
  "get-public-access-block": () => import("../lib/cli/commands/get-public-access-block.ts"),
  "list-bucket": () => import("../lib/cli/commands/list-bucket.ts"),
  "list-buckets": () => import("../lib/cli/commands/list-buckets.ts"),
  "list-roles": () => import("../lib/cli/commands/list-roles.ts"),
  "list-user-policies": () => import("../lib/cli/commands/list-user-policies.ts"),
  "list-users": () => import("../lib/cli/commands/list-users.ts"),
  localserver: () => import("../lib/cli/commands/localserver.ts"),
  policy: () => import("../lib/cli/commands/policy.ts"),
  "put-object": () => import("../lib/cli/commands/put-object.ts"),
  "put-objects": () => import("../lib/cli/commands/put-objects.ts"),
  "set-bucket-policy": () => import("../lib/cli/commands/set-bucket-policy.ts"),
  "set-cors-policy": () => import("../lib/cli/commands/set-cors-policy.ts"),
  "set-public-access-block": () => import("../lib/cli/commands/set-public-access-block.ts"),
  whoami: () => import("../lib/cli/commands/whoami.ts"),
};

if (import.meta.main) {
  useCommandModules((name) => COMMAND_MODULES[name]());
  Deno.exitCode = await main(Deno.args);
}
