// get-objects' helper thread: downloads the small objects the main thread
// sends it, through an S3 client of its own made as the run's and signing
// with the main thread's credentials, and writes each file as the main
// thread does. It takes the easy path only: at its first failure of any
// kind it hands that key and the rest of its work back, so that every
// failure is met, retried and reported by the main thread's code, as in a
// run without a helper.
import { join } from "node:path";
import { clientFromRecipe } from "../aws/client-recipe.ts";
import type { AwsCredentialIdentity } from "../aws/credential-provider.ts";
import { type ObjectRequests, objectRequests } from "../aws/object-requests.ts";
import { directoryMaker } from "../local/files.ts";
import { saveObject, wholeBody } from "../local/object-body.ts";
import type { FromHelper, HelperItem, HelperSetup, ToHelper } from "./helper-messages.ts";
import { SMALL_BODY } from "./open-object.ts";

/** A batch of work as it is done. */
interface Batch {
  readonly id: number;
  remaining: number;
  readonly written: number[];
  readonly returned: string[];
}

/** The helper's end of the conversation (the worker's global scope). */
export interface HelperPort {
  postMessage(message: FromHelper): void;
  onmessage: ((event: MessageEvent<ToHelper>) => void) | null;
}

/** Serves downloads in this thread until the main thread ends it. */
export function serveDownloads(port: HelperPort = globalThis as unknown as HelperPort): void {
  let setup: HelperSetup | undefined;
  let requests: ObjectRequests | undefined;
  let credentials: AwsCredentialIdentity | undefined;
  let setClockOffset = (_offset: number) => {};
  const makeDirectory = directoryMaker();
  const queue: { item: HelperItem; batch: Batch }[] = [];
  const stop = new AbortController();
  let running = 0;
  let failed = false;

  const post = (message: FromHelper) => port.postMessage(message);
  const settle = (batch: Batch) => {
    if (--batch.remaining > 0) return;
    post({ kind: "done", batch: batch.id, written: batch.written, returned: batch.returned });
  };
  const download = async ({ key, segments }: HelperItem): Promise<number> => {
    const body = await requests!.get(key, wholeBody, SMALL_BODY, stop.signal);
    // Longer than listed, or a key only the SDK's stack sends as it is: the main thread's.
    if (!body) throw new Error(`${key} is not for the helper`);
    const { outputDir } = setup!;
    const newDirectory = await makeDirectory(join(outputDir, ...segments.slice(0, -1)));
    await saveObject(join(outputDir, ...segments), body, key, {
      signal: stop.signal,
      newDirectory,
    });
    return body.length;
  };
  const pump = () => {
    while (queue.length > 0 && running < setup!.concurrency) {
      const { item, batch } = queue.shift()!;
      if (failed || stop.signal.aborted) {
        batch.returned.push(item.key);
        settle(batch);
        continue;
      }
      running++;
      download(item).then(
        (bytes) => batch.written.push(bytes),
        () => {
          failed = true;
          batch.returned.push(item.key);
        },
      ).finally(() => {
        running--;
        settle(batch);
        pump();
        if (stop.signal.aborted && running === 0) post({ kind: "stopped" });
      });
    }
  };
  const start = async (given: HelperSetup) => {
    setup = given;
    try {
      const s3 = await clientFromRecipe(given.client, () => Promise.resolve(credentials!));
      const config = s3.config as { systemClockOffset?: number };
      setClockOffset = (offset) => config.systemClockOffset = offset;
      requests = await objectRequests(s3, given.bucket);
    } catch {
      // Nothing to say: the main thread does the work.
    }
    post({ kind: requests ? "ready" : "unable" });
  };

  port.onmessage = ({ data: message }) => {
    if (message.kind === "setup") start(message.setup);
    else if (message.kind === "work") {
      const given = message.credentials;
      // The same object while they are the same: the signer keeps its key for it.
      if (
        credentials?.accessKeyId !== given.accessKeyId ||
        credentials.secretAccessKey !== given.secretAccessKey ||
        credentials.sessionToken !== given.sessionToken ||
        credentials.expiration?.getTime() !== given.expiration?.getTime()
      ) credentials = given;
      setClockOffset(message.clockOffset);
      const batch = {
        id: message.batch,
        remaining: message.items.length,
        written: [],
        returned: [],
      };
      for (const item of message.items) queue.push({ item, batch });
      pump();
    } else {
      stop.abort();
      pump();
      if (running === 0) post({ kind: "stopped" });
    }
  };
  post({ kind: "listening" });
}
