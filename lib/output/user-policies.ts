/**
 * The text layout of `list-user-policies`, as the Python tool prints it. Pure: no I/O.
 *
 * @module
 */

import { formatJson } from "./json.ts";
import { toPythonJsonValue } from "./time.ts";

/** The line that opens a user's section: `User: {name}`. */
export function userHeading(username: string): string {
  return `User: ${username}\n`;
}

/** One inline policy: `PolicyName: {name}`, then its document as 4-space JSON. */
export function policyText(policyName: string, document: unknown): string {
  return `PolicyName: ${policyName}\n${formatJson(toPythonJsonValue(document), 4)}\n`;
}
