// A benchmark-only entry that runs a transfer as the CLI's commands do, but
// with the S3 client's transport and retry strategy chosen on the command
// line, so that a benchmark can measure what each buys, with and without it,
// without a switch in the production code:
//
//   deno run -A scripts/transfer-variant.ts TRANSPORT RETRY ENDPOINT COMMAND BUCKET ARGS...
//
// TRANSPORT is `fetch` (get-object and get-objects use it) or `node` (the
// SDK's Node.js HTTP handler); RETRY is `transfer` (what transfers use) or
// `sdk` (the SDK's standard strategy). COMMAND is `get-object BUCKET KEY
// FILE`, `get-objects BUCKET DIRECTORY [helper]` or `put-objects BUCKET
// DIRECTORY` (as many at a time as the commands by default). It prints one
// JSON line: the objects done, and the error of each that failed (or of the
// run, when one stopped it); the exit code is 0 either way, as the benchmark
// reads the outcome from that line.
import { createClients, type S3Transport } from "../lib/aws/clients.ts";
import { DOWNLOAD_CONCURRENCY, UPLOAD_CONCURRENCY } from "../lib/cli/flags/transfer.ts";
import { collectUploadFiles } from "../lib/local/files.ts";
import { saveObject } from "../lib/local/object-body.ts";
import { downloadObjects } from "../lib/transfer/get-objects.ts";
import { openObject } from "../lib/transfer/open-object.ts";
import { uploadFailureReason, uploadFiles } from "../lib/transfer/put-objects.ts";

/** What a variant run did, as one JSON line on standard output. */
export interface VariantOutcome {
  readonly done: number;
  readonly failed: number;
  /** The first few failures, for the report. */
  readonly errors: readonly string[];
  /** The error that stopped the whole run, if one did. */
  readonly stopped?: string;
  /** Of get-objects' files, how many its helper thread wrote. */
  readonly helped?: number;
}

const [transport, retry, endpoint, command, bucket, ...rest] = Deno.args;
if (!["fetch", "node"].includes(transport) || !["transfer", "sdk"].includes(retry)) {
  throw new Error("usage: transfer-variant.ts fetch|node transfer|sdk ENDPOINT COMMAND ...");
}
const { s3 } = await createClients({ endpointUrl: endpoint }, ["s3"], {
  s3Transport: transport as S3Transport,
  transfers: retry === "transfer",
});

async function run(): Promise<VariantOutcome> {
  if (command === "get-object") {
    const [key, path] = rest;
    await saveObject(path, await openObject(s3, bucket, key), key);
    return { done: 1, failed: 0, errors: [] };
  }
  if (command === "get-objects") {
    // `helper`: with a helper thread from the first small object, started as the CLI starts it.
    const helper = rest[1] === "helper"
      ? { helperModule: new URL("../main.ts", import.meta.url).href, helperFrom: 1 }
      : {};
    const outcome = await downloadObjects(s3, {
      bucket,
      outputDir: rest[0],
      keys: [],
      patterns: [],
      concurrency: DOWNLOAD_CONCURRENCY,
      measure: false,
      ...helper,
    }, { start() {}, advance() {} });
    const { written, problems, helped } = outcome;
    return { done: written, failed: problems.length, errors: problems.slice(0, 3), helped };
  }
  if (command === "put-objects") {
    const { files } = await collectUploadFiles([rest[0]]);
    const { uploaded, failed } = await uploadFiles(s3, bucket, files, {
      prefix: "",
      concurrency: UPLOAD_CONCURRENCY,
    });
    const errors = failed.slice(0, 3).map(({ error }) => uploadFailureReason(error));
    return { done: uploaded, failed: failed.length, errors };
  }
  throw new Error(`unknown command ${command}`);
}

let outcome: VariantOutcome;
try {
  outcome = await run();
} catch (error) {
  outcome = { done: 0, failed: 0, errors: [], stopped: String(error) };
}
s3.destroy();
console.log(JSON.stringify(outcome));
