// Client cost benchmark: `deno task bench-objects --null [--runs N] [--files 1000,20000]
// [--only get-objects,...] [--peers rclone,...] [--disk]`.
// Against the do-nothing S3 endpoint (scripts/null-s3.ts), which stores
// nothing and answers at once, so what is measured is the client alone: our
// CLI, the Python tool (when installed at REFERENCE) and the AWS CLI (when
// `aws` is on PATH; both without a pyenv shim in front), each a whole
// process under GNU time (wall, CPU, peak memory), taking turns, medians of N runs. Rows: get-objects and
// put-objects of each count of 4 KiB files, put-object and get-object of
// one 256 MiB file, and a listing of 20,000 keys. Every run is checked: the
// files and bytes written, the objects and bytes the endpoint received, the
// keys listed. Rows are printed as docs/benchmarks.md writes them.
import {
  haveReference,
  machine,
  pathWithoutShims,
  REFERENCE,
  runOurs,
  scratchDir,
  TIME,
} from "./machine.ts";
import { type NullS3, startNullS3 } from "./null-s3.ts";
import {
  type Cost,
  expect,
  formatCost,
  medianCost,
  type Run,
  runsOf,
  tally,
  timedRun,
} from "./timed-process.ts";

const MiB = 1024 * 1024;
const SMALL_SIZE = 4 * 1024;
const BIG_SIZE = 256 * MiB;
const LISTED_KEYS = 20_000;
const BUCKET = "bench";
const runs = runsOf(Deno.args, 3);
const filesAt = Deno.args.indexOf("--files");
const fileCounts = (filesAt >= 0 ? Deno.args[filesAt + 1] : "1000,20000").split(",").map(Number);
// `--only get-objects,list-bucket`: the rows whose command is named, to re-measure a few.
const onlyAt = Deno.args.indexOf("--only");
const only = onlyAt >= 0 ? Deno.args[onlyAt + 1].split(",") : undefined;
const fetchFloor = new URL("./fetch-floor.ts", import.meta.url).pathname;
const ENV = {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "us-east-1",
  AWS_DEFAULT_REGION: "us-east-1",
  PATH: await pathWithoutShims(),
};

/** A client under test: how it is named in the table, and how it is run. */
interface Client {
  readonly name: string;
  /** The command line for the arguments of one task, against `endpoint`. */
  command(args: string[], endpoint: string): string[];
}

/** What one row runs with each client, and how a run is checked. */
interface Task {
  readonly label: string;
  readonly server: NullS3;
  /** Each client's arguments; `out` is a fresh path the run may write to. */
  args(client: Client, out: string): string[];
  /** The floor (Deno's fetch alone) is run beside the clients. */
  withFloor?: boolean;
  keepStdout?: boolean;
  /** Throws when the run did not do its job; `before` is the endpoint's count of objects/bytes. */
  check(run: Run, out: string, before: { objects: number; bytes: number }): Promise<void>;
}

/** The version `command` reports, or undefined when it is not installed. */
async function versionOf(
  command: string,
  args: string[],
  pattern: RegExp,
): Promise<string | undefined> {
  try {
    const output = await new Deno.Command(command, {
      args,
      env: { PATH: ENV.PATH },
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
    return output.success ? pattern.exec(text)?.[1] : undefined;
  } catch {
    return undefined;
  }
}

const ours: Client = {
  name: "ours",
  command: (args, endpoint) => [
    Deno.execPath(),
    ...runOurs(),
    ...args,
    "--endpoint-url",
    endpoint,
  ],
};
const python: Client = {
  name: "Python",
  command: (args, endpoint) => [REFERENCE, ...args, "--endpoint-url", endpoint],
};
const awsVersion = await versionOf("aws", ["--version"], /aws-cli\/(\S+)/);
const awsCli: Client = {
  name: `AWS CLI ${awsVersion}`,
  command: (args, endpoint) => ["aws", ...args, "--endpoint-url", endpoint],
};
const rcloneVersion = await versionOf("rclone", ["version"], /rclone v(\S+)/);
// rclone cannot use AWS_CA_BUNDLE with a plain HTTP endpoint; its remote "null" is set by variables.
const rclone: Client = {
  name: `rclone ${rcloneVersion}`,
  command: (args, endpoint) => [
    "env",
    "-u",
    "AWS_CA_BUNDLE",
    "RCLONE_CONFIG_NULL_TYPE=s3",
    "RCLONE_CONFIG_NULL_PROVIDER=Other",
    "RCLONE_CONFIG_NULL_ACCESS_KEY_ID=testing",
    "RCLONE_CONFIG_NULL_SECRET_ACCESS_KEY=testing",
    "RCLONE_CONFIG_NULL_REGION=us-east-1",
    "RCLONE_CONFIG_NULL_FORCE_PATH_STYLE=true",
    "RCLONE_CONFIG_NULL_LIST_VERSION=2",
    `RCLONE_CONFIG_NULL_ENDPOINT=${endpoint}`,
    "rclone",
    ...args,
  ],
};
// `--peers rclone,python`: only those beside ours (names as in the table, lower case, first word).
const peersAt = Deno.args.indexOf("--peers");
const peers = peersAt >= 0 ? Deno.args[peersAt + 1].split(",") : undefined;
// Deno's fetch alone, the same GETs or PUTs with nothing else done: the floor of a Deno client here.
const floor: Client = {
  name: "Deno fetch alone",
  command: (args, endpoint) => [Deno.execPath(), "run", "-A", fetchFloor, endpoint, ...args],
};
const clients = [
  ours,
  floor,
  ...[
    ...(haveReference ? [python] : []),
    ...(awsVersion ? [awsCli] : []),
    ...(rcloneVersion ? [rclone] : []),
  ].filter((client) => !peers || peers.includes(client.name.split(" ")[0].toLowerCase())),
];

const count = (n: number) => n.toLocaleString("en-US");
// The command that printed a row, with the options it was given (--files, --only, --peers).
const reproduce = `\`deno task bench-objects ${Deno.args.join(" ")}\``;

function row(label: string, costs: Map<Client, Cost>): string {
  const peers = clients.slice(1).filter((client) => costs.has(client)).map((client) =>
    `${client.name} ${formatCost(costs.get(client)!)}`
  );
  if (!haveReference) peers.unshift("Python not installed");
  return `| ${label} | ${formatCost(costs.get(ours)!)} | ${peers.join("; ")} | ${reproduce} |`;
}

console.log(`Machine: ${machine()}; wall, CPU (user + system) and peak memory by ${TIME}`);
if (!haveReference) console.log(`The Python tool is not installed at ${REFERENCE}.`);
if (!awsVersion) console.log("The AWS CLI (`aws`) is not on PATH.");
if (!rcloneVersion) console.log("rclone is not on PATH.");
console.log(`Clients: ${clients.map((client) => client.name).join(", ")}; medians of ${runs}\n`);
// `--disk`: the files in the system's temporary directory rather than on tmpfs.
const tmp = await scratchDir("s3c-bench-null-", Deno.args.includes("--disk"));
console.log(`Files in ${tmp}\n`);
const servers: NullS3[] = [];
const server = (smallCount: number, bigSize: number) => {
  const started = startNullS3({ smallCount, smallSize: SMALL_SIZE, bigSize });
  servers.push(started);
  return started;
};
try {
  const tasks: Task[] = [];
  for (const files of fileCounts) {
    const source = `${tmp}/files-${files}`;
    await Deno.mkdir(source);
    for (let i = 0; i < files; i++) {
      const name = `${source}/${String(i).padStart(6, "0")}.bin`;
      await Deno.writeFile(name, crypto.getRandomValues(new Uint8Array(SMALL_SIZE)));
    }
    const small = server(files, 0);
    tasks.push({
      label: `\`get-objects\`, ${count(files)} files of 4 KiB, do-nothing endpoint`,
      server: small,
      withFloor: true,
      args: (client, out) =>
        client === awsCli
          ? ["s3", "cp", "--recursive", `s3://${BUCKET}/`, out, "--only-show-errors"]
          : client === rclone
          ? ["copy", `null:${BUCKET}`, out, "-q"]
          : client === floor
          ? ["get", BUCKET, String(files)]
          : ["get-objects", BUCKET, "-o", out, "-s"],
      async check(_run, out) {
        const { files: written, bytes } = await tally(out);
        expect("files written", written, files);
        expect("bytes written", bytes, files * SMALL_SIZE);
      },
    });
    tasks.push({
      label: `\`put-objects\`, ${count(files)} files of 4 KiB, do-nothing endpoint`,
      server: small,
      withFloor: true,
      args: (client) =>
        client === awsCli
          ? ["s3", "cp", "--recursive", source, `s3://${BUCKET}/up/`, "--only-show-errors"]
          : client === rclone
          ? ["copy", source, `null:${BUCKET}/up`, "-q"]
          : client === floor
          ? ["put", BUCKET, String(files)]
          : ["put-objects", BUCKET, source, "-s"],
      async check(_run, _out, before) {
        expect("objects stored", small.objects - before.objects, files);
        expect("bytes stored", small.bytes - before.bytes, files * SMALL_SIZE);
        await Promise.resolve();
      },
    });
  }

  const bigFile = `${tmp}/big.bin`;
  const block = crypto.getRandomValues(new Uint8Array(MiB / 16));
  const file = await Deno.open(bigFile, { write: true, create: true });
  for (let written = 0; written < BIG_SIZE; written += block.length) {
    block[0] = written / block.length; // no two blocks alike
    await file.write(block);
  }
  file.close();
  const big = server(0, BIG_SIZE);
  tasks.push({
    label: "`put-object`, 256 MiB file, do-nothing endpoint",
    server: big,
    args: (client) =>
      client === awsCli
        ? ["s3", "cp", bigFile, `s3://${BUCKET}/big.bin`, "--only-show-errors"]
        : client === rclone
        ? ["copyto", bigFile, `null:${BUCKET}/big.bin`, "-q"]
        : ["put-object", BUCKET, "big.bin", bigFile, "-s"],
    async check(_run, _out, before) {
      expect("objects stored", big.objects - before.objects, 1);
      expect("bytes stored", big.bytes - before.bytes, BIG_SIZE);
      await Promise.resolve();
    },
  });
  tasks.push({
    label: "`get-object -o`, 256 MiB, do-nothing endpoint",
    server: big,
    args: (client, out) =>
      client === awsCli
        ? ["s3", "cp", `s3://${BUCKET}/big`, out, "--only-show-errors"]
        : client === rclone
        ? ["copyto", `null:${BUCKET}/big`, out, "-q"]
        : ["get-object", BUCKET, "big", "-o", out],
    async check(_run, out) {
      expect("bytes written", (await Deno.stat(out)).size, BIG_SIZE);
    },
  });
  const listing = server(LISTED_KEYS, 0);
  tasks.push({
    label: `\`list-bucket\`, ${count(LISTED_KEYS)} keys (JSON), do-nothing endpoint`,
    server: listing,
    args: (client) =>
      client === awsCli
        ? ["s3api", "list-objects-v2", "--bucket", BUCKET, "--output", "json"]
        : client === rclone
        ? ["lsjson", `null:${BUCKET}`]
        : ["list-bucket", BUCKET],
    keepStdout: true,
    async check(run) {
      expect("keys listed", run.stdout.match(/"(Key|Path)":/g)?.length ?? 0, LISTED_KEYS);
      await Promise.resolve();
    },
  });

  console.log("| what | this tool | peer or floor (same run) | reproduce |\n|---|---|---|---|");
  for (const task of tasks) {
    if (only && !only.some((command) => new RegExp(`^\`${command}[\` ]`).test(task.label))) {
      continue;
    }
    const results = new Map<Client, Cost[]>(clients.map((client) => [client, []]));
    for (let i = 0; i < runs; i++) {
      for (const client of clients) {
        const out = `${tmp}/out`;
        if (client === floor && !task.withFloor) continue;
        const args = task.args(client, out);
        const before = { objects: task.server.objects, bytes: task.server.bytes };
        const run = await timedRun(client.command(args, task.server.endpoint), {
          env: ENV,
          keepStdout: task.keepStdout,
        });
        if (client !== floor) await task.check(run, out, before);
        await Deno.remove(out, { recursive: true }).catch(() => {});
        // Each client starts with the last one's files written back, not with the disk busy.
        await new Deno.Command("sync").output();
        results.get(client)!.push(run);
      }
    }
    const medians = new Map(
      [...results].filter(([, costs]) => costs.length > 0)
        .map(([client, costs]) => [client, medianCost(costs)]),
    );
    console.log(row(task.label, medians));
  }
} finally {
  for (const started of servers) await started.close();
  await Deno.remove(tmp, { recursive: true });
}
