// The one way a command reaches AWS: its flags are checked first, then only
// the SDK packages of the services it names are loaded.
import type { AwsClients, ClientSettings, Service } from "../aws/clients.ts";
import { CliError, UsageError } from "../errors.ts";
import { type AwsFlags, resolveAwsOptions } from "./flags.ts";

/**
 * The AWS clients for `services`, built from the common AWS flags. A flag
 * error is thrown before anything is loaded or sent.
 */
export async function connectAws(
  flags: AwsFlags,
  services: readonly Service[],
  settings?: ClientSettings,
): Promise<AwsClients> {
  const options = resolveAwsOptions(flags);
  const [{ createClients }, { SharedConfigError }] = await Promise.all([
    import("../aws/clients.ts"),
    import("../aws/shared-config.ts"),
  ]);
  try {
    return await createClients(options, services, settings);
  } catch (error) {
    // A --profile that names nothing is a usage error; an unreadable file or AWS_PROFILE is not.
    if (error instanceof SharedConfigError) {
      throw error.byFlag ? new UsageError(error.message) : new CliError(error.message);
    }
    throw error;
  }
}
