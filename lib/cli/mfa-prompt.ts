// The MFA code of a profile's role, asked on the terminal as the AWS CLI asks it.
import { CliError } from "../errors.ts";

/** Reads one line from standard input (a terminal: one read returns one line). */
async function readLine(): Promise<string | null> {
  const buffer = new Uint8Array(1024);
  let text = "";
  while (!text.includes("\n")) {
    const n = await Deno.stdin.read(buffer);
    if (n === null) return text === "" ? null : text;
    text += new TextDecoder().decode(buffer.subarray(0, n));
  }
  return text.slice(0, text.indexOf("\n"));
}

/**
 * Asks for the code of MFA device `serial` on stderr and reads it from the
 * terminal; undefined when standard input is not a terminal (nobody to ask).
 */
export function terminalMfaPrompt(): ((serial: string) => Promise<string>) | undefined {
  if (!Deno.stdin.isTerminal()) return undefined;
  return async (serial) => {
    await Deno.stderr.write(new TextEncoder().encode(`Enter MFA code for ${serial}: `));
    const line = await readLine();
    const code = line?.trim();
    if (!code) throw new CliError(`no MFA code entered for ${serial}`);
    return code;
  };
}
