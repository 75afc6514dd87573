// The floor of a many-object run in this runtime: `deno run -A scripts/fetch-floor.ts ENDPOINT
// get|put BUCKET COUNT` sends COUNT GETs of the do-nothing endpoint's keys small-000000... (reading
// each body), or COUNT PUTs of 4 KiB, with Deno's fetch, as many at a time as get-objects and
// put-objects by default, and keeps nothing: no SDK, no signing, no file. What it costs (wall, CPU, peak memory) is what any Deno client pays for
// those requests before doing anything with them.
import { DOWNLOAD_CONCURRENCY, UPLOAD_CONCURRENCY } from "../lib/cli/flags/transfer.ts";

const [endpoint, method, bucket, count] = Deno.args;
const total = Number(count);
const body = new Uint8Array(4096);
let next = 0;
async function worker(): Promise<void> {
  while (next < total) {
    const key = `small-${String(next++).padStart(6, "0")}`;
    const url = `${endpoint}/${bucket}/${method === "put" ? "up/" : ""}${key}`;
    const response = await fetch(url, method === "put" ? { method: "PUT", body } : {});
    if (!response.ok) throw new Error(`${key}: ${response.status}`);
    await response.bytes();
  }
}
const concurrency = method === "put" ? UPLOAD_CONCURRENCY : DOWNLOAD_CONCURRENCY;
await Promise.all(Array.from({ length: concurrency }, worker));
