// deno.json holds the one version number.
import config from "./deno.json" with { type: "json" };
import { writeAllSync } from "./lib/output/write-all.ts";
import { inHelperThread } from "./lib/transfer/helper-messages.ts";

/** Runs the CLI with `args`; returns the process exit code (2 usage, 1 other failures). */
export async function main(args: string[]): Promise<number> {
  if (args.length === 1 && args[0] === "--version") {
    writeAllSync(Deno.stdout, `s3-credentials, version ${config.version}\n`);
    return 0;
  }
  if (args.length === 0 || (args.length === 1 && args[0] === "--help")) {
    const { rootHelp } = await import("./lib/cli/registry.ts");
    writeAllSync(Deno.stdout, await rootHelp());
    return 0;
  }
  const { ExitCode, run } = await import("@stricli/core");
  const { errorText, exitCodeFor, QUIET_END } = await import("./lib/cli/report.ts");
  const { StdoutClosedError } = await import("./lib/errors.ts");
  let reportedError = false;
  const process = {
    stdout: {
      write(text: string) {
        try {
          writeAllSync(Deno.stdout, text);
        } catch (error) {
          // Commands see a closed pipe as StdoutClosedError: a quiet end unless they catch it.
          throw error instanceof Deno.errors.BrokenPipe ? new StdoutClosedError() : error;
        }
      },
    },
    stderr: {
      write(text: string) {
        if (text === `${QUIET_END}\n`) return;
        // Stricli may report several parse problems; the user gets the first, as one line.
        if (text.startsWith("error: ")) {
          if (reportedError) return;
          reportedError = true;
        }
        writeAllSync(Deno.stderr, text);
      },
    },
    exitCode: undefined as number | string | null | undefined,
  };
  const { buildApp, splitAttachedShortValues } = await import("./lib/cli/app.ts");
  const { loadRoutes } = await import("./lib/cli/registry.ts");
  const { cliContext } = await import("./lib/cli/context.ts");
  const routes = await loadRoutes(args);
  const app = buildApp(routes, { text: errorText }, exitCodeFor);
  // This module (or the bundle holding it) serves get-objects' helper thread too.
  const context = cliContext(process, () => loadRoutes([]), import.meta.url);
  await run(app, splitAttachedShortValues(routes, args), context);
  const code = Number(process.exitCode ?? 0);
  if (code === ExitCode.InvalidArgument || code === ExitCode.UnknownCommand) return 2;
  return code < 0 ? 1 : code;
}

/** Exit codes of a run stopped by Ctrl+C or SIGTERM: cleanup is done, requests still running are dropped. */
const INTERRUPTED = [130, 143];

if (inHelperThread()) {
  // get-objects started this module again as its helper thread (lib/transfer/helper-thread.ts).
  const { serveDownloads } = await import("./lib/transfer/helper-downloads.ts");
  serveDownloads();
} else if (import.meta.main) {
  const code = await main(Deno.args);
  if (INTERRUPTED.includes(code)) Deno.exit(code);
  Deno.exitCode = code;
}
