// Start-up and request benchmark: `deno task bench [RUNS]`.
// Reports the median wall time of commands that need no AWS (policy, --help,
// --version), and of `create` against a local moto emulator behind a
// counting proxy, with the number of AWS requests each run makes. The Python
// tool (when installed at REFERENCE) runs `policy` and both `create`s too,
// fewer times: each of its runs takes about half a second.
import { startMoto } from "../tests/support/moto.ts";
import { startCountingProxy } from "./counting-proxy.ts";
import { median } from "./median.ts";
import { haveReference, machine, REFERENCE, runOurs } from "./machine.ts";

const runs = Number(Deno.args[0] ?? 30);
const referenceRuns = Math.min(runs, 7);

/** Our CLI run from source with `args`. */
const ours = (args: string[]) => [Deno.execPath(), ...runOurs(), ...args];
/** The Python tool with `args`. */
const theirs = (args: string[]) => [REFERENCE, ...args];

async function timeRun(command: string[], env: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  const { code, stderr } = await new Deno.Command(command[0], {
    args: command.slice(1),
    env: { NO_COLOR: "1", AWS_EC2_METADATA_DISABLED: "true", ...env },
    stdout: "null",
    stderr: "piped",
  }).output();
  const elapsed = performance.now() - started;
  if (code !== 0) throw new Error(`${command.join(" ")}: ${new TextDecoder().decode(stderr)}`);
  return elapsed;
}

async function bench(
  label: string,
  makeCommand: (i: number) => string[],
  env = {},
  n = runs,
) {
  await timeRun(makeCommand(-1), env); // warm the module cache
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await timeRun(makeCommand(i), env));
  const min = Math.min(...times);
  console.log(
    `| ${label} | ${median(times).toFixed(0)} ms | ${min.toFixed(0)} ms | ${n} |`,
  );
}

console.log(`Machine: ${machine()}\n`);
if (!haveReference) {
  console.log(`The Python tool is not installed at ${REFERENCE}: no rows for it.\n`);
}
console.log("| command | median | min | runs |\n|---|---|---|---|");
// Baseline: Deno itself starting an empty script with this project's config.
const empty = new URL("../.bench-empty.ts", import.meta.url).pathname;
await Deno.writeTextFile(empty, "");
try {
  await bench("(empty script: Deno's own start-up)", () => [Deno.execPath(), "run", "-A", empty]);
} finally {
  await Deno.remove(empty);
}
await bench("policy my-bucket", () => ours(["policy", "my-bucket"]));
if (haveReference) {
  await bench(
    "policy my-bucket (Python tool)",
    () => theirs(["policy", "my-bucket"]),
    {},
    referenceRuns,
  );
}
await bench("--help", () => ours(["--help"]));
await bench("--version", () => ours(["--version"]));

// create against moto, through a proxy that counts the requests it forwards.
const moto = await startMoto();
const proxy = startCountingProxy(moto.endpoint);
const endpoint = proxy.endpoint;
const env = {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "us-east-1",
  AWS_DEFAULT_REGION: "us-east-1", // what boto3 reads
};
try {
  await new Deno.Command(Deno.execPath(), {
    args: [
      ...runOurs(),
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
  const counted = async (label: string, makeCommand: (i: number) => string[], n: number) => {
    const before = proxy.requests;
    await bench(label, makeCommand, env, n);
    console.log(
      `|   requests per run | ${((proxy.requests - before) / (n + 1)).toFixed(1)} | | |`,
    );
  };
  const permanent = (who: string) => (i: number) => [
    "create",
    "bench-bucket",
    "--username",
    `bench-${who}-${i + 2}`,
    "--endpoint-url",
    endpoint,
  ];
  const temporary = () => ["create", "bench-bucket", "-d", "15m", "--endpoint-url", endpoint];
  await counted("create (permanent, new user)", (i) => ours(permanent("ours")(i)), createRuns);
  await counted("create -d 15m (temporary, role exists)", () => ours(temporary()), createRuns);
  if (haveReference) {
    await counted(
      "create (permanent, new user; Python tool)",
      (i) => theirs(permanent("python")(i)),
      referenceRuns,
    );
    await counted(
      "create -d 15m (temporary, role exists; Python tool)",
      () => theirs(temporary()),
      referenceRuns,
    );
  }
} finally {
  await proxy.close();
  await moto.stop();
}
