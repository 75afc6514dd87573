// `--wait` / `--wait-timeout` of create and rotate-access-key: wait until a new key works.
import type { AwsClients } from "../../aws/clients.ts";
import { UsageError } from "../../errors.ts";

/** `--wait` flags. */
export interface WaitFlags {
  readonly wait: boolean;
  readonly waitTimeout?: number;
}

/** How long `--wait` waits unless told. */
export const DEFAULT_WAIT_SECONDS = 30;
const MAX_WAIT_SECONDS = 3600;

/** Parses `--wait-timeout`: `45`, `45s` or `2m`, from 1 second to 1 hour; returns seconds. */
export function parseWaitTimeout(text: string): number {
  const match = /^(\d+)([sm])?$/.exec(text);
  if (!match) throw new Error(`'${text}' is not a time such as 45, 45s or 2m`);
  const seconds = Number(match[1]) * (match[2] === "m" ? 60 : 1);
  if (seconds < 1 || seconds > MAX_WAIT_SECONDS) {
    throw new Error("must be between 1 second and 1 hour");
  }
  return seconds;
}

export const waitFlagParameters = {
  wait: {
    kind: "boolean",
    default: false,
    brief: "Return only once the new access key works (IAM takes seconds to spread it)",
  },
  waitTimeout: {
    kind: "parsed",
    parse: parseWaitTimeout,
    optional: true,
    placeholder: "SECONDS",
    brief: `How long --wait waits: 45, 45s or 2m (default ${DEFAULT_WAIT_SECONDS}s)`,
  },
} as const;

/** Milliseconds to wait for the new key, or undefined without --wait. */
export function waitLimitMs(flags: WaitFlags): number | undefined {
  if (flags.waitTimeout !== undefined && !flags.wait) {
    throw new UsageError("--wait-timeout needs --wait");
  }
  return flags.wait ? (flags.waitTimeout ?? DEFAULT_WAIT_SECONDS) * 1000 : undefined;
}

/**
 * Waits until `key` works, signing with it; returns undefined once it does
 * (or once `signal` fires: the caller looks at it), or why not within `limitMs`.
 */
export async function waitForKey(
  clients: Pick<AwsClients, "stsAs">,
  key: { AccessKeyId: string; SecretAccessKey: string },
  limitMs: number,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const { waitForAccessKey } = await import("../../actions/key-wait.ts");
  const sts = clients.stsAs({ accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey });
  try {
    return await waitForAccessKey(sts, key.AccessKeyId, log, { limitMs, signal });
  } finally {
    sts.destroy();
  }
}
