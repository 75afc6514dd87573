// get-objects: which keys to download, where each goes, how many at a time,
// and what a failure stops; one streamed GetObject per object, written to a
// temporary file renamed into place when complete.
import type { S3Client } from "@aws-sdk/client-s3";
import { join } from "node:path";
import { listKeys, objectLength, objectSize } from "../aws/objects.ts";
import { type ObjectRequests, objectRequests } from "../aws/object-requests.ts";
import { recipeOf } from "../aws/client-recipe.ts";
import { requestLogging } from "../aws/request-log.ts";
import { forEachConcurrently } from "../concurrency.ts";
import { directoryMaker } from "../local/files.ts";
import { saveObject, wholeBody } from "../local/object-body.ts";
import {
  type DownloadPlan,
  markerWithContent,
  planDownloads,
  type PlannedKey,
} from "../objects/download-plan.ts";
import { needsListing, type SelectedKey, selectKeys } from "../objects/selection.ts";
import { downloadFailureLine, stopsDownloads } from "./download-failures.ts";
import type { HelperSetup } from "./helper-messages.ts";
import { helperCanStart, loadHelper, type LoadingHelper, startHelper } from "./helper-thread.ts";
import { openObject, SMALL_BODY } from "./open-object.ts";

/** A file small enough for the lean requests (its listed size says so). */
const isSmall = (item: PlannedKey) => !item.directory && (item.size ?? Infinity) <= SMALL_BODY;

/** What get-objects is asked to do. */
export interface DownloadRequest {
  readonly bucket: string;
  readonly outputDir: string;
  /** Keys named on the command line. */
  readonly keys: readonly string[];
  readonly patterns: readonly string[];
  readonly concurrency: number;
  /** Whether sizes are needed (for the progress label); costs a HEAD per named key. */
  readonly measure: boolean;
  /** Stops the run: running downloads are cancelled and leave no files. */
  readonly signal?: AbortSignal;
  /**
   * The program's main module (main.ts serves downloads in a helper thread
   * started from it): with many small objects, a helper downloads some of them.
   */
  readonly helperModule?: string;
  /** How many small objects make a helper worth its start (default HELPER_FROM). */
  readonly helperFrom?: number;
}

/**
 * From this many small objects a run starts a helper thread: below, its start
 * (a second copy of the SDK to load) costs more than it saves (docs/benchmarks.md).
 */
export const HELPER_FROM = 10_000;

/** How a get-objects run reports progress: told the total first, then every byte written. */
export interface DownloadProgress {
  start(totalBytes: number, fileCount: number): void;
  advance(count: number): void;
}

/** What a get-objects run did: the keys written, and a line for each key that was not. */
export interface DownloadOutcome {
  /** How many keys were selected. */
  readonly selected: number;
  /** How many were written (files, and directories for empty markers). */
  readonly written: number;
  /** One line per key not written, in selection order. */
  readonly problems: readonly string[];
  /** How many of the written files a helper thread wrote. */
  readonly helped: number;
}

/** The keys a run downloads: those selected, those of them not listed, and the plan. */
interface ChosenKeys {
  readonly selected: readonly SelectedKey[];
  readonly unlisted: ReadonlySet<string>;
  readonly plan: DownloadPlan;
}

/**
 * Lists the bucket when the request needs it (`listed` hears of each key as
 * it arrives), selects the keys, sizes the named ones when asked, and plans.
 */
async function chooseKeys(
  s3: S3Client,
  request: DownloadRequest,
  requests: ObjectRequests | undefined,
  listed?: (key: string, size: number) => void,
): Promise<ChosenKeys> {
  const { bucket } = request;
  const keys = needsListing(request.keys, request.patterns)
    ? await listKeys(s3, bucket, {
      requests,
      signal: request.signal,
      ...(listed ? { listed } : {}),
    })
    : [];
  const selected = selectKeys(request.keys, keys, request.patterns);
  const unlisted = new Set(selected.filter((item) => item.size === undefined).map((i) => i.key));
  let sized: readonly SelectedKey[] = selected;
  if (request.measure) {
    const sizes = new Map<string, number>();
    await forEachConcurrently([...unlisted], request.concurrency, async (key) => {
      sizes.set(key, await objectSize(s3, bucket, key));
    }, request.signal);
    sized = selected.map((item) => ({ key: item.key, size: item.size ?? sizes.get(item.key) }));
  }
  return { selected, unlisted, plan: planDownloads(sized, Deno.build.os === "windows") };
}

/**
 * Downloads the selected keys of a bucket into `outputDir`, `concurrency`
 * at a time, each key at its own path below the directory (empty directory
 * markers such as `folder/` become directories). Keys that cannot be
 * written (see planDownloads) are not requested; a key whose download
 * fails on its own (missing, forbidden, a local error) does not stop the
 * others. Each key not written is named in the outcome. Failures every key
 * would meet (missing bucket, credentials, unreachable endpoint) and
 * interruptions stop the run and are thrown once running downloads have
 * ended and cleaned up.
 */
export async function downloadObjects(
  s3: S3Client,
  request: DownloadRequest,
  progress: DownloadProgress,
): Promise<DownloadOutcome> {
  const { bucket, outputDir } = request;
  // Listing pages and small objects skip the SDK's per-request stack: most of the cost of each.
  const requests = await objectRequests(s3, bucket);
  const helperModule = request.helperModule;
  const helperFrom = request.helperFrom ?? HELPER_FROM;
  const canHelp = requests !== undefined && helperModule !== undefined &&
    request.concurrency >= 2 && !requestLogging() && helperCanStart(helperModule);
  // Where the listing is the selection, the helper loads while the listing goes on, from the
  // object that makes it worth its start.
  let loading: LoadingHelper | undefined;
  let smallListed = 0;
  const listed = canHelp && request.keys.length === 0 && request.patterns.length === 0
    ? (key: string, size: number) => {
      if (size <= SMALL_BODY && !key.endsWith("/") && ++smallListed === helperFrom) {
        loading = loadHelper(helperModule);
      }
    }
    : undefined;
  let chosen: ChosenKeys;
  try {
    chosen = await chooseKeys(s3, request, requests, listed);
    const { work } = chosen.plan;
    progress.start(work.reduce((sum, item) => sum + (item.size ?? 0), 0), work.length);
  } catch (error) {
    loading?.worker.terminate(); // a worker would keep the process alive
    throw error;
  }
  const { selected, unlisted, plan } = chosen;

  const problems = new Map(plan.skipped);
  let written = 0;
  // Directories are made only for objects that arrive, so failures leave none behind.
  const makeDirectory = directoryMaker();
  const download = async (item: PlannedKey, signal: AbortSignal) => {
    const path = join(outputDir, ...item.segments);
    try {
      if (item.directory) {
        // A named marker that was not listed may not exist, or may hold bytes: ask first.
        if (unlisted.has(item.key)) {
          const length = await objectLength(s3, bucket, item.key, signal);
          if (length > 0) {
            problems.set(item.key, markerWithContent(item.key, length));
            return;
          }
        }
        await makeDirectory(path);
      } else {
        const small = requests && isSmall(item)
          ? await requests.get(item.key, wholeBody, SMALL_BODY, signal)
          : undefined;
        const body = small ?? await openObject(s3, bucket, item.key, { signal });
        const newDirectory = await makeDirectory(join(outputDir, ...item.segments.slice(0, -1)));
        await saveObject(path, body, item.key, {
          signal,
          newDirectory,
          onBytes: (count) => progress.advance(count),
        });
      }
      written++;
    } catch (error) {
      if (signal.aborted || stopsDownloads(error)) throw error;
      problems.set(item.key, downloadFailureLine(item.key, error));
    }
  };
  const small = requests ? plan.work.filter(isSmall) : [];
  let helped = 0;
  // A helper that began to load during the listing is used whatever the plan left to it.
  if (!canHelp || (!loading && small.length < helperFrom)) {
    await forEachConcurrently(plan.work, request.concurrency, download, request.signal);
  } else {
    // --concurrency counts the downloads of both threads: the helper runs half of them.
    const helperConcurrency = Math.floor(request.concurrency / 2);
    const setup = { bucket, outputDir, concurrency: helperConcurrency, client: recipeOf(s3)! };
    await withHelper(loading ?? loadHelper(helperModule), setup, s3, plan.work, download, {
      concurrency: request.concurrency,
      written(bytes) {
        written++;
        helped++;
        progress.advance(bytes);
      },
      signal: request.signal,
    });
  }
  // Reported in selection order, whatever order the downloads finished in.
  return {
    selected: selected.length,
    written,
    problems: selected.map(({ key }) => problems.get(key)).filter((line) => line !== undefined),
    helped,
  };
}

/**
 * Downloads `work` as downloadObjects does, `concurrency` at a time in all,
 * its small objects shared with a helper thread running `setup.concurrency`
 * of them: the helper takes them from the same list as the main thread,
 * batches at a time, and whatever it hands back is downloaded here last.
 */
async function withHelper(
  loading: LoadingHelper,
  setup: HelperSetup,
  s3: S3Client,
  work: readonly PlannedKey[],
  download: (item: PlannedKey, signal: AbortSignal) => Promise<void>,
  options: { concurrency: number; written(bytes: number): void; signal?: AbortSignal },
): Promise<void> {
  const small = work.filter(isSmall);
  const others = work.filter((item) => !isSmall(item));
  let next = 0;
  const mine = function* () {
    yield* others;
    while (next < small.length) yield small[next++];
  };
  const stopHelper = new AbortController();
  const stop = options.signal
    ? AbortSignal.any([options.signal, stopHelper.signal])
    : stopHelper.signal;
  const helper = startHelper(loading, setup, {
    take: (count) =>
      small.slice(next, next += count).map(({ key, segments }) => ({ key, segments })),
    written: options.written,
    credentials: () => s3.config.credentials(),
    clockOffset: () => (s3.config as { systemClockOffset?: number }).systemClockOffset ?? 0,
  }, stop);
  try {
    const concurrency = options.concurrency - setup.concurrency;
    await forEachConcurrently(mine(), concurrency, download, options.signal);
  } catch (error) {
    stopHelper.abort();
    await helper.handedBack;
    throw error;
  }
  helper.finish();
  const back = new Set(await helper.handedBack);
  const rest = small.filter((item) => back.has(item.key));
  await forEachConcurrently(rest, options.concurrency, download, options.signal);
}
