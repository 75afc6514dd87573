// IAM deletes are safe to repeat, but a repeat of one that worked answers NoSuchEntity: the SDK
// sends a request again when its answer was lost, so that error means the thing is gone, as asked.
import { isNoSuchEntity } from "./service-errors.ts";

/**
 * Awaits an IAM delete call; NoSuchEntity counts as done (the thing is gone,
 * often deleted by this very call's first, unanswered attempt).
 */
export async function deleted(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
  }
}

/** True when the SDK sent the failed call more than once: an earlier attempt may have acted. */
export function wasRetried(error: unknown): boolean {
  return ((error as { $metadata?: { attempts?: number } })?.$metadata?.attempts ?? 1) > 1;
}
