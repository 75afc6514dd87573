// `--policy` of create: a policy given as JSON, a file or standard input.
import { readInput } from "./input.ts";
import { invalidValueOf } from "./option.ts";

/**
 * Parses `--policy`: literal JSON (starting with `{`), a file path, or `-`
 * for standard input. Returns the policy text, which must be a JSON object.
 */
export function parsePolicyOption(value: string): Promise<string> {
  return invalidValueOf("--policy", () => readPolicy(value));
}

async function readPolicy(value: string): Promise<string> {
  const literal = value.trimStart().startsWith("{");
  let policyText: string;
  if (literal) {
    policyText = value;
  } else {
    try {
      policyText = await readInput(value, "--policy");
    } catch (error) {
      if (error instanceof Error && error.message.includes("No such file")) {
        throw new Error(`File not found: '${value}'`);
      }
      throw error;
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(policyText);
  } catch {
    throw new Error(
      literal
        ? "Invalid JSON string"
        : value === "-"
        ? "Input contained invalid JSON"
        : "File contained invalid JSON",
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error("Policy must be a JSON object");
  }
  return policyText;
}
