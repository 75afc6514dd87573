import { formatSize } from "./size.ts";

/** Width of the bar between the brackets, as the reference draws it. */
export const BAR_WIDTH = 36;

const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";

/**
 * One frame of a progress bar: `{label}  [####----]  {pct}%`, the
 * percentage right-aligned in 3 characters. With an unknown total (standard
 * input) it shows the bytes so far instead: `{label}  12.0 MB`.
 */
export function renderProgressBar(
  label: string,
  done: number,
  total: number | undefined,
  width = BAR_WIDTH,
): string {
  if (total === undefined) return `${label}  ${formatSize(done)}`;
  const fraction = total > 0 ? Math.min(done / total, 1) : 1;
  const filled = Math.floor(fraction * width);
  const bar = "#".repeat(filled) + "-".repeat(width - filled);
  const pct = String(Math.floor(fraction * 100)).padStart(3, " ");
  return `${label}  [${bar}]  ${pct}%`;
}

/** How progress is shown: a redrawn bar (terminal), the label once (pipe), or nothing (-s). */
export type ProgressMode = "bar" | "label" | "none";

/** The mode for a run: nothing when silent, a bar only when stderr is a terminal. */
export function progressModeFor(silent: boolean, stderrIsTerminal: boolean): ProgressMode {
  if (silent) return "none";
  return stderrIsTerminal ? "bar" : "label";
}

/** A running progress display; `advance` adds bytes, `finish` ends the line. */
export interface Progress {
  advance(bytes: number): void;
  finish(): void;
}

/**
 * Starts a progress display on `write` (stderr). In `label` mode the label
 * is printed once, with a newline; in `bar` mode the bar is redrawn in place
 * at most every `intervalMs` (and when it completes), then the cursor is
 * shown again and the line ended. A total of 0 shows an empty bar until
 * `finish`.
 */
export function startProgress(
  options: {
    label: string;
    total: number | undefined;
    mode: ProgressMode;
    write: (text: string) => void;
    now?: () => number;
    intervalMs?: number;
    width?: number;
  },
): Progress {
  const { label, total, mode, write } = options;
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 100;
  if (mode === "none") return { advance() {}, finish() {} };
  if (mode === "label") {
    write(label + "\n");
    return { advance() {}, finish() {} };
  }
  let done = 0;
  let drawnAt = -Infinity;
  let finished = false;
  const draw = () => {
    drawnAt = now();
    // Nothing to transfer is not done before its request is: empty until the end.
    const shown = total === 0 && !finished ? 1 : total;
    write("\r" + HIDE_CURSOR + renderProgressBar(label, done, shown, options.width));
  };
  draw();
  return {
    advance(bytes) {
      done += bytes;
      if (now() - drawnAt >= interval) draw();
    },
    finish() {
      if (finished) return;
      finished = true;
      draw();
      write(SHOW_CURSOR + "\n");
    },
  };
}
