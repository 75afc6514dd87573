// V8 frees garbage ArrayBuffers lazily, so a transfer that frees part-sized
// buffers as fast as they go out peaks far higher without a nudge (figures in
// docs/benchmarks.md). `gc` is reached by exposing it at run time (V8's
// --expose-gc, then a new vm context); where that fails, these helpers do nothing.
import v8 from "node:v8";
import vm from "node:vm";

export type Collect = (options?: { type: "minor" | "major" }) => void;

let collect: Collect | undefined | null;

function collector(): Collect | undefined {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      const gc = vm.runInNewContext("gc");
      collect = typeof gc === "function" ? gc : null;
    } catch {
      collect = null;
    }
  }
  return collect ?? undefined;
}

/** Asks V8 for a minor collection (cheap: young objects only), where the runtime allows it. */
export function collectYoungGarbage(): void {
  collector()?.({ type: "minor" });
}

/** Files between two looks at the heap in a many-file run. */
export const FILES_BETWEEN_COLLECTIONS = 100;

/** Heap in use above which a many-file run asks for a full collection. */
const HEAP_LIMIT = 32 * 1024 * 1024;

/**
 * A counter that, every `every` calls, asks for a full collection if the
 * heap holds more than 32 MiB, or (when `residentGrowth` is given) if the
 * process has grown by more than that since the last one: thousands of small
 * transfers leave request objects (and, over fetch, native memory of spent
 * responses) that V8 would otherwise let pile up in a growing old space.
 */
export function fileCountCollector(
  every: number,
  residentGrowth?: number,
  runtime: CollectorRuntime = { memory: () => Deno.memoryUsage(), collect: collector },
): () => void {
  let count = 0;
  let residentAfterLast = runtime.memory().rss;
  return () => {
    if (++count % every !== 0) return;
    const { heapUsed, rss } = runtime.memory();
    const grown = residentGrowth !== undefined && rss - residentAfterLast > residentGrowth;
    if (heapUsed <= HEAP_LIMIT && !grown) return;
    const collect = runtime.collect();
    if (!collect) return;
    collect({ type: "major" });
    residentAfterLast = runtime.memory().rss;
  };
}

/** What fileCountCollector reads and calls (replaced in tests). */
export interface CollectorRuntime {
  memory(): { heapUsed: number; rss: number };
  collect(): Collect | undefined;
}

/**
 * A byte counter that asks for a minor collection each time another
 * `every` bytes have gone through, so freed transfer buffers are returned
 * promptly.
 */
export function garbageNudger(every: number): (bytes: number) => void {
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since >= every) {
      since = 0;
      collectYoungGarbage();
    }
  };
}
