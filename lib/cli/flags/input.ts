// Values read from a file or standard input (--auth, --policy, put-object PATH): stdin only once.
import { UsageError } from "../../errors.ts";

// Which inputs asked for standard input in this run: it can be read only once.
const standardInputClaims: string[] = [];

/**
 * Records that `what` (`--auth`, `--policy`, `PATH`) reads standard input.
 * Stricli calls every parser in the same tick, so after one macrotask all claims are in.
 */
export function claimStandardInput(what: string): void {
  standardInputClaims.push(what);
}

/** Throws the usage error when more than one input claimed standard input. */
function checkStandardInputClaims(): void {
  if (standardInputClaims.length > 1) {
    throw new UsageError(`${standardInputClaims.join(" and ")} cannot both read standard input`);
  }
}

/**
 * Reads a whole text file, or standard input for `-`, with readable errors.
 * `what` names the input in the error when two inputs want standard input.
 */
export async function readInput(path: string, what = "input"): Promise<string> {
  if (path === "-") {
    claimStandardInput(what);
    // Every parser has claimed by the next macrotask: refuse before reading anything.
    await new Promise((resolve) => setTimeout(resolve, 0));
    checkStandardInputClaims();
  }
  try {
    if (path === "-") return await new Response(Deno.stdin.readable).text();
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`'${path}': No such file or directory`);
    }
    if (error instanceof Deno.errors.IsADirectory) throw new Error(`'${path}' is a directory`);
    if (error instanceof Deno.errors.PermissionDenied) {
      throw new Error(`'${path}': Permission denied`);
    }
    throw error;
  }
}
