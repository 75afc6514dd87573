/** A failure the user can act on: printed as one `error:` line, never with a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 | 130 = 1) {
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

/** The user pressed Ctrl+C: the run stopped after cleaning up (exit code 130, as shells use). */
export class InterruptedError extends CliError {
  /** `detail`: what the cleanup could not do. */
  constructor(detail?: string) {
    super(detail ? `interrupted; ${detail}` : "interrupted", 130);
    this.name = "InterruptedError";
  }
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
