import { failureOrInterruption, InterruptedError, type StopSignal } from "../errors.ts";

// Windows delivers only Ctrl+C to a program.
const STOP_SIGNALS: StopSignal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];

/** What create and rotate-access-key say on Ctrl+C: they let the AWS call in flight finish. */
export const STOPPING_NOTICE =
  "Stopping after the AWS call in progress; a second Ctrl+C quits at once, leaving things as they are";

/** Ctrl+C and SIGTERM listened for until disposed (`using`). */
export interface StopListener {
  /** Aborts, with an InterruptedError naming the signal, at the first one. */
  readonly signal: AbortSignal;
  [Symbol.dispose](): void;
}

/**
 * Listens for Ctrl+C and SIGTERM: the first aborts `signal` (and `onSignal`
 * hears it), so the run can stop cleanly and exit with code 130 (143 for
 * SIGTERM); a second exits at once.
 */
export function stopOnSignal(onSignal: () => void = () => {}): StopListener {
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
  return {
    signal: controller.signal,
    [Symbol.dispose]() {
      for (const [name, listener] of listeners) Deno.removeSignalListener(name, listener);
    },
  };
}

/**
 * Runs `work` with a signal that Ctrl+C (or SIGTERM) aborts, so that a
 * transfer stops cleanly: temporary files are removed and multipart uploads
 * aborted before the process exits with code 130 (143). Whatever fails once
 * the signal has fired is reported as the interruption (with what its
 * cleanup could not do, when it says so in an InterruptedError).
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  using stop = stopOnSignal();
  const { signal } = stop;
  try {
    return await work(signal);
  } catch (error) {
    if (!signal.aborted) throw error;
    const detail = error instanceof InterruptedError ? error.detail : undefined;
    throw detail ? failureOrInterruption(detail, signal) : signal.reason;
  }
}
