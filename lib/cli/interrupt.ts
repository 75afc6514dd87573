import { InterruptedError } from "../errors.ts";

/**
 * Runs `work` with a signal that Ctrl+C aborts, so that a transfer stops
 * cleanly: temporary files are removed and multipart uploads aborted before
 * the process exits with code 130. Whatever fails once the signal has
 * fired is reported as the interruption (with what its cleanup could not
 * do, when it says so). A second Ctrl+C exits at once.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) Deno.exit(130);
    controller.abort(new InterruptedError());
  };
  Deno.addSignalListener("SIGINT", onInterrupt);
  try {
    return await work(controller.signal);
  } catch (error) {
    if (!controller.signal.aborted || error instanceof InterruptedError) throw error;
    throw controller.signal.reason;
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
  }
}
