// A separate process that writes profiles with writeProfile, for tests of
// concurrent runs and of runs with fewer privileges:
//   deno run -A profile_writer.ts CREDENTIALS CONFIG NAME...
// Each NAME gets keys AK-NAME / SK-NAME, region us-east-1 and endpoint
// http://NAME.example. A failure is one line on stderr and exit code 1.
import { writeProfile } from "../../lib/local/aws-profile.ts";

/** This script, for `deno run`. */
export const PROFILE_WRITER_PATH = new URL(import.meta.url).pathname;

/** What the script writes for profile `name`. */
export const profileContentOf = (name: string) => ({
  accessKeyId: `AK-${name}`,
  secretAccessKey: `SK-${name}`,
  region: "us-east-1",
  endpointUrl: `http://${name}.example`,
});

if (import.meta.main) {
  const [credentialsPath, configPath, ...names] = Deno.args;
  try {
    for (const name of names) {
      await writeProfile(
        { name, credentialsPath, configPath, force: false },
        profileContentOf(name),
      );
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    Deno.exit(1);
  }
}
