import { setTimeout as delay } from "node:timers/promises";
import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { describeError } from "../error-line.ts";
import { retryWithin } from "../aws/retry.ts";

/** How long to wait for a new key, what stops the wait early, and (for tests) the clock. */
export interface KeyWaitOptions {
  limitMs: number;
  /** Ctrl+C: the wait ends at once, as if the key worked; the caller looks at the signal. */
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** The first pause after a refusal; each later pause doubles, up to the second figure. */
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 4000;

/**
 * Waits until `sts`, signed with a new access key `keyId`, answers
 * GetCallerIdentity: IAM takes seconds to make a new key usable everywhere.
 * Returns undefined once it works (or once `options.signal` fires), or why
 * it still did not within the limit. `log` hears one line when the first try fails.
 */
export async function waitForAccessKey(
  sts: STSClient,
  keyId: string,
  log: (line: string) => void,
  options: KeyWaitOptions,
): Promise<string | undefined> {
  const signal = options.signal;
  try {
    await retryWithin(
      () => sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal }),
      () => !signal?.aborted,
      {
        ...options,
        sleep: options.sleep ?? ((ms) => delay(ms, undefined, { signal })),
        firstDelayMs: FIRST_DELAY_MS,
        maxDelayMs: MAX_DELAY_MS,
      },
      () => log(`Waiting for access key ${keyId} to work (IAM takes a few seconds)...`),
    );
    return undefined;
  } catch (error) {
    if (signal?.aborted) return undefined;
    return `access key ${keyId} did not work within ${
      Math.round(options.limitMs / 1000)
    }s (last answer: ${describeError(error)})`;
  }
}
