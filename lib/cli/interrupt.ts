import { InterruptedError, type StopSignal } from "../errors.ts";

// Windows delivers only Ctrl+C to a program.
const STOP_SIGNALS: StopSignal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];

/**
 * Runs `work` with a signal that Ctrl+C (or SIGTERM) aborts, so that the run
 * stops cleanly: a transfer removes temporary files and aborts multipart
 * uploads, `create` takes back what it made, before the process exits with
 * code 130 (143 for SIGTERM). Whatever fails once the signal has fired is
 * reported as the interruption; an InterruptedError that `work` throws keeps
 * its detail (what its cleanup could not do, or what the run leaves). A
 * second signal exits at once. `onSignal` hears the first one.
 */
export async function interruptible<T>(
  work: (signal: AbortSignal) => Promise<T>,
  onSignal: () => void = () => {},
): Promise<T> {
  const controller = new AbortController();
  const listeners = STOP_SIGNALS.map((name) => {
    const listener = () => {
      const interruption = new InterruptedError(undefined, name);
      if (controller.signal.aborted) Deno.exit(interruption.exitCode);
      controller.abort(interruption);
      onSignal();
    };
    Deno.addSignalListener(name, listener);
    return [name, listener] as const;
  });
  try {
    return await work(controller.signal);
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    const { signal } = controller.signal.reason as InterruptedError;
    throw new InterruptedError(
      error instanceof InterruptedError ? error.detail : undefined,
      signal,
    );
  } finally {
    for (const [name, listener] of listeners) Deno.removeSignalListener(name, listener);
  }
}
