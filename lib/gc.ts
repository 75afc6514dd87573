// V8 frees garbage ArrayBuffers lazily: it lets about 64 MiB of them pile up
// before it collects. An upload frees part-sized buffers (the parts, and the
// chunks they were assembled from) as fast as they go out, so without a
// nudge its peak memory is that much higher (measured for 256 MiB: 190-210
// MiB, and 120-150 MiB with a minor collection after each part). Downloads
// go without: a collection costs tens of milliseconds, which a stream at full
// speed notices, and they peak at about 160 MiB anyway.
// `gc` is reached by exposing it at run time (V8's --expose-gc, then a new vm
// context), which Deno supports; where that fails, these helpers do nothing.
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
 * process has grown by more than that since the last one. Thousands of
 * small transfers leave request objects that outlive a minor collection
 * (they were in flight), and V8 lets them fill a growing old space first:
 * put-objects of 1,000 and 3,000 files of 4 KiB peaked at 144 and 173 MiB
 * without this (89 MiB for 100 files), at 121 and 131 MiB with it, for
 * about a tenth more CPU. Downloads over fetch keep the heap small but hold
 * native memory that only a collection of their spent responses releases:
 * get-objects of 1,000 and 3,000 files peaked at 144-146 and 173-186 MiB
 * on the heap test alone, at 125-128 and 140-148 MiB (6,000: 149 MiB) with
 * a 32 MiB growth limit, for about a tenth more CPU.
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
