// Load benchmark of localserver's cached responses:
// `deno task bench-localserver [REQUESTS] [CONCURRENCY] [SECONDS]` (defaults 20000, 8, 20).
// Starts moto and the server (on 127.0.0.1, a free port), then sends GET / with bounded
// concurrency until REQUESTS are done or SECONDS have passed, and reports requests per second
// and latency percentiles (target: p99 under 20 ms). The server's access log is read by this
// process, as a terminal would, so logging is part of the cost measured.
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { FAKE_KEYS_ENV, spawnCli } from "../tests/support/cli.ts";
import { fakeCredentials, startMoto } from "../tests/support/moto.ts";
import { machine } from "./machine.ts";
import { MEMORY_FLAG } from "./permissions.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const requests = Number(Deno.args[0] ?? 20_000);
const concurrency = Number(Deno.args[1] ?? 8);
const seconds = Number(Deno.args[2] ?? 20);
const TARGET_P99_MS = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p / 100) - 1)];
}

/** Sends up to `count` requests, `parallel` at a time, stopping at `deadline`; returns latencies. */
async function load(url: string, count: number, parallel: number, deadline: number) {
  const latencies: number[] = [];
  let sent = 0;
  let failures = 0;
  const worker = async () => {
    while (sent < count && performance.now() < deadline) {
      sent++;
      const started = performance.now();
      const response = await fetch(url);
      await response.arrayBuffer();
      latencies.push(performance.now() - started);
      if (response.status !== 200) failures++;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { latencies, failures };
}

const moto = await startMoto();
try {
  const s3 = new S3Client({
    endpoint: moto.endpoint,
    region: "us-east-1",
    credentials: fakeCredentials,
    forcePathStyle: true,
  });
  await s3.send(new CreateBucketCommand({ Bucket: "bench-bucket" }));
  s3.destroy();
  const server = await spawnCli(
    ["localserver", "bench-bucket", "-d", "1h", "-p", "0", "--host", "127.0.0.1"],
    {
      env: { ...FAKE_KEYS_ENV, AWS_ENDPOINT_URL: moto.endpoint },
      ready: "Press Ctrl+C to stop\n",
      denoFlags: [MEMORY_FLAG], // as it ships
    },
  );
  try {
    const port = / at http:\/\/127\.0\.0\.1:(\d+)\//.exec(server.stderr())![1];
    const url = `http://127.0.0.1:${port}/`;
    await load(url, 500, concurrency, performance.now() + 5000); // warm up both sides
    const started = performance.now();
    const { latencies, failures } = await load(
      url,
      requests,
      concurrency,
      started + seconds * 1000,
    );
    const elapsed = (performance.now() - started) / 1000;
    const sorted = latencies.sort((a, b) => a - b);
    const ms = (value: number) => `${value.toFixed(2)} ms`;
    console.log(`Machine: ${machine()}`);
    console.log(`localserver GET / (cached credentials), ${concurrency} concurrent clients\n`);
    console.log("| requests | failures | seconds | requests/s | p50 | p90 | p99 | max |");
    console.log("|---|---|---|---|---|---|---|---|");
    console.log(
      `| ${sorted.length} | ${failures} | ${elapsed.toFixed(1)} | ` +
        `${Math.round(sorted.length / elapsed)} | ${ms(percentile(sorted, 50))} | ` +
        `${ms(percentile(sorted, 90))} | ${ms(percentile(sorted, 99))} | ${ms(sorted.at(-1)!)} |`,
    );
    const p99 = percentile(sorted, 99);
    console.log(
      `\np99 ${ms(p99)}: ${p99 < TARGET_P99_MS ? "within" : "OVER"} the ${TARGET_P99_MS} ms target`,
    );
    if (failures > 0) Deno.exitCode = 1;
  } finally {
    const result = await server.stop();
    if (result.code !== 0) console.error(`localserver exited with ${result.code}`);
  }
} finally {
  await moto.stop();
}
