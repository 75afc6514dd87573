// Listing benchmark: `deno task bench-listing [--runs N] [--moto]`.
// Runs `list-users` (default JSON and --csv) as a subprocess against a local
// fake IAM endpoint that pages like AWS (1,000 users a page, the most
// ListUsers returns), for 0, 5,000 and 50,000 users, and reports the median
// wall time and peak memory (maximum resident set size) of the process; then
// the same with V8's old space capped at 24 MiB: a listing that kept its
// 50,000 users in memory dies under that cap (tried), a streamed one just
// collects garbage more often. With --moto it also
// creates 5,000 users in the moto emulator (timed) and lists those; moto
// answers ListUsers with every user in one page.
import { CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { startFakeIam } from "../tests/support/fake_iam.ts";
import { fakeCredentials, startMoto } from "../tests/support/moto.ts";
import { haveTime, machine, runOurs, TIME, vmHwmKiB } from "./machine.ts";
import { median } from "./median.ts";

const args = [...Deno.args];
const withMoto = args.includes("--moto");
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const CAP_MIB = 24;

interface Measurement {
  ms: number;
  peakKiB: number;
  lines: number;
}

/**
 * Runs `deno` with `denoArgs` (runOurs() for our CLI) and `cliArgs`, counting stdout lines, and
 * measures its peak memory: `/usr/bin/time -v` where present (exact), else VmHWM
 * polled from /proc every 5 ms while it runs.
 */
async function measure(
  cliArgs: string[],
  env: Record<string, string>,
  denoArgs: string[],
): Promise<Measurement> {
  const report = await Deno.makeTempFile({ prefix: "bench-listing-" });
  const deno = [Deno.execPath(), ...denoArgs, ...cliArgs];
  const command = haveTime ? [TIME, "-v", "-o", report, ...deno] : deno;
  const started = performance.now();
  const child = new Deno.Command(command[0], {
    args: command.slice(1),
    env: { NO_COLOR: "1", AWS_EC2_METADATA_DISABLED: "true", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let polled = 0;
  const poller = haveTime
    ? undefined
    : setInterval(async () => polled = Math.max(polled, await vmHwmKiB(child.pid)), 5);
  let lines = 0;
  for await (const chunk of child.stdout) {
    for (const byte of chunk) if (byte === 10) lines++;
  }
  const [status, stderr] = await Promise.all([child.status, new Response(child.stderr).text()]);
  const ms = performance.now() - started;
  if (poller !== undefined) clearInterval(poller);
  try {
    if (!status.success) throw new Error(`${cliArgs.join(" ")} failed: ${stderr}`);
    const peakKiB = haveTime
      ? Number(
        /Maximum resident set size \(kbytes\): (\d+)/.exec(await Deno.readTextFile(report))?.[1],
      )
      : polled;
    return { ms, peakKiB, lines };
  } finally {
    await Deno.remove(report);
  }
}

async function bench(
  label: string,
  cliArgs: string[],
  env: Record<string, string>,
  lines: number,
  denoArgs = runOurs(),
) {
  await measure(cliArgs, env, denoArgs); // warm the module cache
  const results: Measurement[] = [];
  for (let i = 0; i < runs; i++) results.push(await measure(cliArgs, env, denoArgs));
  for (const result of results) {
    if (result.lines !== lines) throw new Error(`${label}: ${result.lines} lines, not ${lines}`);
  }
  const ms = median(results.map((r) => r.ms));
  const mib = median(results.map((r) => r.peakKiB)) / 1024;
  console.log(`| ${label} | ${ms.toFixed(0)} ms | ${mib.toFixed(1)} MiB | ${runs} |`);
}

/** Lines of stdout for `users` users: 7 per user plus `[` and `]` (or `[]`), or a header. */
const jsonLines = (users: number) => users === 0 ? 1 : users * 7 + 2;
const csvLines = (users: number) => users + 1;

const keys = {
  AWS_ACCESS_KEY_ID: fakeCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: fakeCredentials.secretAccessKey,
  AWS_REGION: "us-east-1",
};

console.log(`Machine: ${machine()}`);
console.log(`Peak memory from: ${haveTime ? "/usr/bin/time -v" : "VmHWM in /proc/<pid>/status"}\n`);
console.log("| list-users | median wall time | peak memory (RSS) | runs |\n|---|---|---|---|");
// Baseline: Deno itself running an empty script.
const empty = await Deno.makeTempFile({ prefix: "bench-empty-", suffix: ".ts" });
try {
  await bench("(empty script: Deno itself)", [], {}, 0, ["run", "-A", empty]);
} finally {
  await Deno.remove(empty);
}
for (const users of [0, 5_000, 50_000]) {
  const iam = startFakeIam({ users, pageSize: 1000 });
  try {
    const endpoint = ["--endpoint-url", iam.url];
    const count = users.toLocaleString("en-US");
    await bench(
      `${count} users, JSON (fake IAM)`,
      ["list-users", ...endpoint],
      keys,
      jsonLines(users),
    );
    await bench(
      `${count} users, --csv (fake IAM)`,
      ["list-users", "--csv", ...endpoint],
      keys,
      csvLines(users),
    );
    if (users > 0) {
      // V8 lets its heap grow before it collects; capped, the heap shows what is really kept.
      await bench(
        `${count} users, JSON, V8 old space capped at ${CAP_MIB} MiB`,
        ["list-users", ...endpoint],
        keys,
        jsonLines(users),
        runOurs(`--v8-flags=--max-old-space-size=${CAP_MIB}`),
      );
    }
  } finally {
    await iam.close();
  }
}

if (withMoto) {
  const moto = await startMoto();
  const iam = new IAMClient({
    endpoint: moto.endpoint,
    region: "us-east-1",
    credentials: fakeCredentials,
  });
  try {
    const users = 5_000;
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < users) {
        const i = next++;
        await iam.send(new CreateUserCommand({ UserName: `user-${String(i).padStart(5, "0")}` }));
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const seconds = (performance.now() - started) / 1000;
    const endpoint = ["--endpoint-url", moto.endpoint];
    await bench(
      "5,000 users, JSON (moto, one page)",
      ["list-users", ...endpoint],
      keys,
      jsonLines(users),
    );
    await bench(
      "5,000 users, --csv (moto, one page)",
      ["list-users", "--csv", ...endpoint],
      keys,
      csvLines(users),
    );
    console.log(`\nCreating ${users} users in moto took ${seconds.toFixed(1)} s (8 at a time).`);
  } finally {
    iam.destroy();
    await moto.stop();
  }
}
