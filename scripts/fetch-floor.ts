// The floor of a download run in this runtime: `deno run -A scripts/fetch-floor.ts ENDPOINT BUCKET
// COUNT` GETs the do-nothing endpoint's keys small-000000... with Deno's fetch, 8 at a time, reads
// each body and keeps nothing: no SDK, no signing, no file. What it costs (wall, CPU, peak memory)
// is what any Deno client pays for COUNT requests before doing anything with them.
const [endpoint, bucket, count] = Deno.args;
const total = Number(count);
let next = 0;
async function worker(): Promise<void> {
  while (next < total) {
    const key = `small-${String(next++).padStart(6, "0")}`;
    const response = await fetch(`${endpoint}/${bucket}/${key}`);
    if (!response.ok) throw new Error(`${key}: ${response.status}`);
    await response.bytes();
  }
}
await Promise.all(Array.from({ length: 8 }, worker));
