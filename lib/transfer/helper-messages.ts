// What get-objects' main thread (helper-thread.ts) and its helper thread
// (helper-downloads.ts) say to each other. The helper is a Web Worker
// started from the program's own main module, which sees this name and
// serves downloads instead of running the CLI.
import type { ClientRecipe } from "../aws/client-recipe.ts";
import type { AwsCredentialIdentity } from "../aws/credential-provider.ts";

/** The worker name that makes main.ts serve downloads. */
export const HELPER_NAME = "s3-credentials get-objects helper";

/** True in the helper thread. */
export function inHelperThread(): boolean {
  return "WorkerGlobalScope" in globalThis &&
    (globalThis as { name?: string }).name === HELPER_NAME;
}

/** What the helper needs to know before any work. */
export interface HelperSetup {
  readonly bucket: string;
  readonly outputDir: string;
  readonly concurrency: number;
  readonly client: ClientRecipe;
}

/** One small object to download: its key, and the path below outputDir it goes to. */
export interface HelperItem {
  readonly key: string;
  readonly segments: readonly string[];
}

/** Main thread to helper. */
export type ToHelper =
  | { readonly kind: "setup"; readonly setup: HelperSetup }
  | {
    readonly kind: "work";
    readonly batch: number;
    readonly items: readonly HelperItem[];
    /** The run's credentials as the main thread has them now (it refreshes them). */
    readonly credentials: AwsCredentialIdentity;
    /** The main client's correction of this machine's clock. */
    readonly clockOffset: number;
  }
  /** Ends the running downloads (each leaves no file behind), then says "stopped". */
  | { readonly kind: "stop" };

/** Helper to main thread. */
export type FromHelper =
  /** It hears messages now (any sent while its modules loaded were lost): setup may come. */
  | { readonly kind: "listening" }
  /** It has its client: work may come. */
  | { readonly kind: "ready" }
  /** Could not start (no client): everything stays with the main thread. */
  | { readonly kind: "unable" }
  /**
   * A batch has ended: the sizes of the files written, and the keys handed
   * back unwritten for the main thread to download (at the first failure
   * the helper hands back the rest of its work and takes no more).
   */
  | {
    readonly kind: "done";
    readonly batch: number;
    readonly written: readonly number[];
    readonly returned: readonly string[];
  }
  | { readonly kind: "stopped" };
