import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { describeError } from "./describe-error.ts";
import { retryWithin } from "./retry.ts";

/** How long to wait for a new key, and (for tests) the clock. */
export interface KeyWaitOptions {
  limitMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** The first pause after a refusal; each later pause doubles, up to the second figure. */
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 4000;

/**
 * Waits until `sts`, signed with a new access key `keyId`, answers
 * GetCallerIdentity: IAM takes seconds to make a new key usable everywhere.
 * Returns undefined once it works, or why it still did not within the limit.
 * `log` hears one line when the first try fails.
 */
export async function waitForAccessKey(
  sts: STSClient,
  keyId: string,
  log: (line: string) => void,
  options: KeyWaitOptions,
): Promise<string | undefined> {
  try {
    await retryWithin(
      () => sts.send(new GetCallerIdentityCommand({})),
      () => true,
      { ...options, firstDelayMs: FIRST_DELAY_MS, maxDelayMs: MAX_DELAY_MS },
      () => log(`Waiting for access key ${keyId} to work (IAM takes a few seconds)...`),
    );
    return undefined;
  } catch (error) {
    return `access key ${keyId} did not work within ${
      Math.round(options.limitMs / 1000)
    }s (last answer: ${describeError(error)})`;
  }
}
