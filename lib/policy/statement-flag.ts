import type { ExtraStatement } from "./types.ts";

const REQUIRED_KEYS = ["Action", "Effect", "Resource"];

/**
 * Parses one `--statement` value: JSON text of an object with at least
 * Effect, Action and Resource. Throws an Error with the reference tool's
 * message when it is not.
 */
export function parseStatement(text: string): ExtraStatement {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error("Invalid JSON string");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("JSON must be an object");
  }
  const missing = REQUIRED_KEYS.filter((key) => !(key in value));
  if (missing.length > 0) {
    throw new Error(`Statement JSON missing required keys: ${missing.join(", ")}`);
  }
  return value as ExtraStatement;
}
