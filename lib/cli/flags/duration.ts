// `-d/--duration`: how long temporary credentials last.
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** Shortest and longest lifetime STS gives role sessions here: 15 minutes to 12 hours. */
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43200;

/**
 * Parses `--duration` (`900`, `1200s`, `15m`, `2h`) into seconds, between
 * 15 minutes and 12 hours. Throws an Error with the reference tool's message.
 */
export function parseDuration(text: string): number {
  const match = /^(\d+)([smh])?$/.exec(text);
  if (!match) throw new Error("Duration must be of form 3600s or 15m or 2h");
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] ?? "s"];
  if (seconds < MIN_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) {
    throw new Error("Duration must be between 15 minutes and 12 hours");
  }
  return seconds;
}

/** `-d/--duration` of the commands that hand out temporary credentials (create, localserver). */
export const durationFlagParameter = {
  kind: "parsed",
  parse: parseDuration,
  brief: "How long the credentials last: 900, 1200s, 15m or 2h, between 15m and 12h",
  placeholder: "DURATION",
} as const;
