// Start-up and request benchmark: `deno task bench [RUNS]`.
// Reports the median wall time of commands that need no AWS (policy, --help,
// --version), and of `create` against a local moto emulator behind a
// counting proxy, with the number of AWS requests each run makes.
import { startMoto } from "../tests/support/moto.ts";
import { startCountingProxy } from "./counting-proxy.ts";
import { median } from "./median.ts";
import { machine } from "./machine.ts";

const runs = Number(Deno.args[0] ?? 30);
const main = new URL("../main.ts", import.meta.url).pathname;

async function timeRun(
  args: string[],
  env: Record<string, string> = {},
  script = main,
): Promise<number> {
  const started = performance.now();
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    env: { NO_COLOR: "1", AWS_EC2_METADATA_DISABLED: "true", ...env },
    stdout: "null",
    stderr: "piped",
  }).output();
  const elapsed = performance.now() - started;
  if (code !== 0) throw new Error(`${args.join(" ")}: ${new TextDecoder().decode(stderr)}`);
  return elapsed;
}

async function bench(
  label: string,
  makeArgs: (i: number) => string[],
  env = {},
  n = runs,
  script = main,
) {
  await timeRun(makeArgs(-1), env, script); // warm the module cache
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await timeRun(makeArgs(i), env, script));
  const min = Math.min(...times);
  console.log(
    `| ${label} | ${median(times).toFixed(0)} ms | ${min.toFixed(0)} ms | ${n} |`,
  );
}

console.log(`Machine: ${machine()}\n`);
console.log("| command | median | min | runs |\n|---|---|---|---|");
// Baseline: Deno itself starting an empty script with this project's config.
const empty = new URL("../.bench-empty.ts", import.meta.url).pathname;
await Deno.writeTextFile(empty, "");
try {
  await bench("(empty script: Deno's own start-up)", () => [], {}, runs, empty);
} finally {
  await Deno.remove(empty);
}
await bench("policy my-bucket", () => ["policy", "my-bucket"]);
await bench("--help", () => ["--help"]);
await bench("--version", () => ["--version"]);

// create against moto, through a proxy that counts the requests it forwards.
const moto = await startMoto();
const proxy = startCountingProxy(moto.endpoint);
const endpoint = proxy.endpoint;
const env = {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "us-east-1",
};
try {
  await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      main,
      "create",
      "bench-bucket",
      "-c",
      "-d",
      "15m",
      "--endpoint-url",
      endpoint,
    ],
    env,
    stdout: "null",
    stderr: "null",
  }).output();
  const createRuns = Math.min(runs, 10);
  const counted = async (label: string, makeArgs: (i: number) => string[]) => {
    const before = proxy.requests;
    await bench(label, makeArgs, env, createRuns);
    console.log(
      `|   requests per run | ${((proxy.requests - before) / (createRuns + 1)).toFixed(1)} | | |`,
    );
  };
  await counted(
    "create (permanent, new user)",
    (i) => ["create", "bench-bucket", "--username", `bench-${i + 1}`, "--endpoint-url", endpoint],
  );
  await counted(
    "create -d 15m (temporary, role exists)",
    () => ["create", "bench-bucket", "-d", "15m", "--endpoint-url", endpoint],
  );
} finally {
  await proxy.close();
  await moto.stop();
}
