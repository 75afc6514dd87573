// What a command is handed when it runs (stricli's custom context): the output streams, the one
// way to reach AWS, and the whole command tree, so no command imports the registry or the SDK setup.
import type { CommandContext, RouteMap, StricliProcess } from "@stricli/core";
import type { AwsClients, ClientSettings, Service } from "../aws/clients.ts";
import type { RoleSessionCache } from "../aws/role-session.ts";
import { CliError, UsageError } from "../errors.ts";
import { type AwsFlags, resolveAwsOptions } from "./flags/aws.ts";

/** The context of every command. */
export interface CliContext extends CommandContext {
  /**
   * The AWS clients for `services`, built from the common AWS flags. A flag
   * error is thrown before anything is loaded or sent.
   */
  aws(
    flags: AwsFlags,
    services: readonly Service[],
    settings?: ClientSettings,
  ): Promise<AwsClients>;
  /** Every command of the tool (loading them all: for completion scripts). */
  routes(): Promise<RouteMap<CliContext>>;
  /**
   * The module the program runs from (main.ts, or the bundle or executable
   * holding it), which serves get-objects' helper thread; none in tests.
   */
  readonly programModule?: string;
}

/** Role sessions kept in the user's cache directory; a failed write is one warning line. */
async function userRoleSessions(stderr: StricliProcess["stderr"]): Promise<RoleSessionCache> {
  const { roleSessionFiles, userCacheDirectory } = await import("../local/role-session-cache.ts");
  return roleSessionFiles({
    cacheDirectory: userCacheDirectory(),
    warn: (line) => stderr.write(`warning: ${line}\n`),
  });
}

/**
 * Builds the clients from the flags: checks them, then loads only the SDK packages named.
 * With --debug, request lines go to `stderr`.
 */
async function connectAws(
  stderr: StricliProcess["stderr"],
  flags: AwsFlags,
  services: readonly Service[],
  settings?: ClientSettings,
): Promise<AwsClients> {
  const options = resolveAwsOptions(flags);
  if (flags.debug) {
    const { startRequestLog } = await import("../aws/request-log.ts");
    startRequestLog((line) => stderr.write(`${line}\n`));
  }
  const [{ createClients }, { SharedConfigError }, { terminalMfaPrompt }, roleSessions] =
    await Promise.all([
      import("../aws/clients.ts"),
      import("../aws/shared-config.ts"),
      import("./mfa-prompt.ts"),
      // Explicit keys assume no role; --no-cache neither reads nor keeps a session.
      options.credentials || flags.noCache ? undefined : userRoleSessions(stderr),
    ]);
  try {
    return await createClients(options, services, {
      askMfaCode: terminalMfaPrompt(),
      ...(roleSessions ? { roleSessions } : {}),
      ...settings,
    });
  } catch (error) {
    // A --profile that names nothing is a usage error; an unreadable file or AWS_PROFILE is not.
    if (error instanceof SharedConfigError) {
      throw error.byFlag ? new UsageError(error.message) : new CliError(error.message);
    }
    throw error;
  }
}

/**
 * The context of a real run: `process` for output, `routes` to load the command tree,
 * `programModule` the module the program runs from.
 */
export function cliContext(
  process: StricliProcess,
  routes: () => Promise<RouteMap<CliContext>>,
  programModule?: string,
): CliContext & { readonly process: StricliProcess } {
  return {
    process,
    aws: (flags, services, settings) => connectAws(process.stderr, flags, services, settings),
    routes,
    ...(programModule ? { programModule } : {}),
  };
}
