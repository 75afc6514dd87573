/** A failure the user can act on: printed as one `error:` line, never with a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 | 130 | 143 = 1) {
    super(message);
    this.name = "CliError";
  }
}

/** Invalid input: exit code 2, and no AWS call has been made. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = "UsageError";
  }
}

/** The signals that stop a run cleanly: Ctrl+C, and the polite kill of `kill` and service managers. */
export type StopSignal = "SIGINT" | "SIGTERM";

/**
 * The run was stopped by Ctrl+C (exit code 130) or SIGTERM (143, as shells
 * report a process it ended), after cleaning up.
 */
export class InterruptedError extends CliError {
  /** `detail`: what the cleanup could not do, or what the run leaves behind. */
  constructor(readonly detail?: string, readonly signal: StopSignal = "SIGINT") {
    const word = signal === "SIGTERM" ? "terminated" : "interrupted";
    super(detail ? `${word}; ${detail}` : word, signal === "SIGTERM" ? 143 : 130);
    this.name = "InterruptedError";
  }
}

/**
 * A CliError; once `signal` has fired with an InterruptedError (Ctrl+C,
 * SIGTERM), that interruption, with `message` as its detail.
 */
export function failureOrInterruption(message: string, signal?: AbortSignal): CliError {
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  return reason instanceof InterruptedError
    ? new InterruptedError(message, reason.signal)
    : new CliError(message);
}

/**
 * The reader of standard output went away (`| head -1`). Unless a command
 * catches it to fail loudly, the run ends at once with exit code 0 and no message.
 */
export class StdoutClosedError extends Error {
  constructor() {
    super("standard output was closed");
    this.name = "StdoutClosedError";
  }
}
