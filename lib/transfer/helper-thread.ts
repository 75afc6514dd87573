// get-objects' helper thread, as the main thread runs it: a second event
// loop on a second core for runs of many small objects, whose per-object
// cost (a signed request, a small file) keeps one thread busy. It is fed
// batches while it keeps up, and whatever it does not write comes back to
// the main thread (helper-downloads.ts says when).
import { fileURLToPath } from "node:url";
import type { AwsCredentialIdentity } from "../aws/credential-provider.ts";
import {
  type FromHelper,
  HELPER_NAME,
  type HelperItem,
  type HelperSetup,
} from "./helper-messages.ts";

/** Small objects per batch, and batches in the helper's hands at once. */
const BATCH = 64;
const AHEAD = 2;

/** Where the helper's work comes from, and where its results go. */
export interface HelperWork {
  /** Up to `count` objects that no one has started; none when all have been taken. */
  take(count: number): readonly HelperItem[];
  /** A file was written, `bytes` long. */
  written(bytes: number): void;
  /** The run's credentials as they are now. */
  credentials(): Promise<AwsCredentialIdentity>;
  /** The correction of this machine's clock the run's client has found. */
  clockOffset(): number;
}

/** A helper thread at work. */
export interface RunningHelper {
  /** The keys it took and handed back unwritten; resolves once the thread has ended. */
  readonly handedBack: Promise<readonly string[]>;
  /** The main thread has nothing left to take: a helper still starting is not waited for. */
  finish(): void;
}

/**
 * Whether a helper can start from `module` (the program's main module):
 * there is a second core, and a file the permissions let it load.
 */
export function helperCanStart(module: string): boolean {
  if (navigator.hardwareConcurrency < 2) return false;
  const url = new URL(module);
  if (url.protocol !== "file:") return true; // fetched for the main thread already
  const query = { name: "read", path: fileURLToPath(url) } as const;
  return Deno.permissions.querySync(query).state === "granted";
}

/** A helper thread loading the program's modules, not yet given anything to do. */
export interface LoadingHelper {
  readonly worker: Worker;
  /** True once it listens for its setup; false when it failed to load. */
  readonly loaded: Promise<boolean>;
}

/**
 * Starts a helper thread from `module` (the program's main module): the
 * loading (the S3 SDK again, a tenth of a second and more) can go on while
 * the listing does. Terminate its worker when it is not started after all.
 */
export function loadHelper(module: string): LoadingHelper {
  const worker = new Worker(module, { type: "module", name: HELPER_NAME });
  const loaded = new Promise<boolean>((resolve) => {
    worker.addEventListener("message", ({ data }: MessageEvent<FromHelper>) => {
      if (data.kind === "listening") resolve(true);
    });
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      resolve(false);
    });
  });
  return { worker, loaded };
}

/**
 * Sets up a loading helper thread and feeds it `work` until that is taken
 * or the helper fails. `stop` ends its running downloads (each leaves no
 * file behind); `handedBack` resolves only once it has.
 */
export function startHelper(
  loading: LoadingHelper,
  setup: HelperSetup,
  work: HelperWork,
  stop: AbortSignal,
): RunningHelper {
  const { worker } = loading;
  const outstanding = new Map<number, readonly HelperItem[]>();
  const returned: string[] = [];
  let batches = 0;
  let ready = false;
  let feeding = true;
  let ended = false;
  let resolve: (keys: readonly string[]) => void;
  const handedBack = new Promise<readonly string[]>((done) => resolve = done);

  const end = () => {
    if (ended) return;
    ended = true;
    stop.removeEventListener("abort", stopping);
    worker.terminate();
    for (const items of outstanding.values()) returned.push(...items.map((item) => item.key));
    resolve(returned);
  };
  const feed = async () => {
    while (feeding && !ended && outstanding.size < AHEAD) {
      const items = work.take(BATCH);
      if (items.length === 0) break;
      const batch = batches++;
      outstanding.set(batch, items);
      try {
        const { accessKeyId, secretAccessKey, sessionToken, expiration } = await work.credentials();
        const credentials = { accessKeyId, secretAccessKey, sessionToken, expiration };
        if (ended) return;
        worker.postMessage({
          kind: "work",
          batch,
          items,
          credentials,
          clockOffset: work.clockOffset(),
        });
      } catch {
        // The main thread meets the same failure with these, and reports it.
        outstanding.delete(batch);
        returned.push(...items.map((item) => item.key));
        feeding = false;
      }
    }
    if (outstanding.size === 0) end();
  };
  function stopping() {
    feeding = false;
    if (ready) worker.postMessage({ kind: "stop" });
    else end();
  }
  stop.addEventListener("abort", stopping, { once: true });
  loading.loaded.then((listening) => {
    if (!listening) end();
    else if (!ended) worker.postMessage({ kind: "setup", setup });
  });
  worker.onmessage = ({ data: message }: MessageEvent<FromHelper>) => {
    if (message.kind === "listening") return; // loading.loaded has it
    if (message.kind === "ready") {
      ready = true;
      if (stop.aborted) end();
      else feed();
    } else if (message.kind === "done") {
      outstanding.delete(message.batch);
      for (const bytes of message.written) work.written(bytes);
      returned.push(...message.returned);
      if (message.returned.length > 0) feeding = false;
      if (!stop.aborted) feed();
    } else end(); // stopped, or unable to start
  };
  worker.onerror = (event) => {
    event.preventDefault();
    end();
  };
  return {
    handedBack,
    finish() {
      feeding = false;
      if (!ready || outstanding.size === 0) end();
    },
  };
}
