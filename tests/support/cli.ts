// Runs the CLI as a child process in a clean environment, for end-to-end tests.
import assert from "node:assert/strict";

/** Absolute path of the program's entry point. */
export const MAIN_PATH = new URL("../../main.ts", import.meta.url).pathname;
/** The repository root (where deno.json and node_modules are). */
export const REPO_ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Extra environment variables (on top of the minimal environment). */
  env?: Record<string, string>;
  /** Text written to the child's standard input, which is then closed. */
  stdin?: string;
  cwd?: string;
  /** Deno permission flags; `-A` unless given. */
  permissions?: string[];
  /** Set to false to leave out the AWS_* variables of the minimal environment. */
  awsEnv?: boolean;
  /**
   * A bash script that runs the CLI as `"$@"`, for redirections a spawned
   * process cannot have: `'"$@" > /dev/full'`. Its exit code is the result's.
   */
  shell?: string;
  /** A command that runs the CLI (e.g. `setpriv` with its options), placed before deno. */
  wrapper?: string[];
}

let denoDir: Promise<string> | undefined;

/**
 * The parent's Deno cache directory. The child gets a fresh HOME, which
 * would move Deno's default cache, so the directory is passed explicitly.
 */
export function parentDenoDir(): Promise<string> {
  denoDir ??= (async () => {
    const fromEnv = Deno.env.get("DENO_DIR");
    if (fromEnv) return fromEnv;
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json"],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    if (!output.success) throw new Error("`deno info --json` failed");
    return (JSON.parse(new TextDecoder().decode(output.stdout)) as { denoDir: string }).denoDir;
  })();
  return denoDir;
}

/**
 * Runs `deno run <permissions> --cached-only main.ts ...args` with a cleared
 * environment: PATH, a fresh empty HOME (so ~/.aws never leaks in), AWS
 * config files that do not exist, no instance-metadata probing, and the
 * parent's DENO_DIR; then `options.env`. `--cached-only` makes the child fail
 * rather than download anything.
 */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const home = await Deno.makeTempDir({ prefix: "s3c-home-" });
  try {
    const env: Record<string, string> = {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: home,
      NO_COLOR: "1",
      ...(options.awsEnv === false ? {} : {
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: `${home}/aws-config-does-not-exist`,
        AWS_SHARED_CREDENTIALS_FILE: `${home}/aws-credentials-do-not-exist`,
      }),
      DENO_DIR: await parentDenoDir(),
      ...options.env,
    };
    const command = [
      ...options.wrapper ?? [],
      Deno.execPath(),
      "run",
      ...(options.permissions ?? ["-A"]),
      "--cached-only",
      MAIN_PATH,
      ...args,
    ];
    const [program, ...programArgs] = options.shell === undefined
      ? command
      : ["bash", "-c", options.shell, "bash", ...command];
    const child = new Deno.Command(program, {
      args: programArgs,
      clearEnv: true,
      env,
      cwd: options.cwd ?? REPO_ROOT,
      stdin: options.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    if (options.stdin !== undefined) {
      const writer = child.stdin.getWriter();
      try {
        await writer.write(new TextEncoder().encode(options.stdin));
        await writer.close();
      } catch {
        // The child may exit without reading its input; that is its business.
      }
    }
    const output = await child.output();
    const decoder = new TextDecoder();
    return {
      code: output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
    };
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

/** Runs `tasks` with at most `limit` of them at a time; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A local HTTP server standing in for AWS that records every request it gets. */
export interface FakeEndpoint {
  url: string;
  /** `METHOD path` of each request received. */
  requests: string[];
  close(): Promise<void>;
}

/** An endpoint on 127.0.0.1 that accepts connections and never answers. */
export interface SilentEndpoint {
  url: string;
  /** Connections accepted so far: one per attempt of a client. */
  readonly connections: number;
  close(): Promise<void>;
}

/** Starts a SilentEndpoint on a random port. */
export function startSilentEndpoint(): SilentEndpoint {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    try {
      for await (const conn of listener) held.push(conn);
    } catch {
      // closed by close()
    }
  })();
  return {
    url: `http://127.0.0.1:${listener.addr.port}`,
    get connections() {
      return held.length;
    },
    async close() {
      listener.close();
      await accepting;
      for (const conn of held) {
        try {
          conn.close();
        } catch {
          // already closed by the client
        }
      }
    },
  };
}

/** Starts a fake endpoint on 127.0.0.1 (random port); by default it answers 500 to everything. */
export function startFakeEndpoint(
  respond: (request: Request) => Response = () => new Response("unexpected", { status: 500 }),
): FakeEndpoint {
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
    return respond(request);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    close: () => server.shutdown(),
  };
}

/** Environment with obviously fake keys and a region. */
export const FAKE_KEYS_ENV = {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "us-east-1",
} as const;

/**
 * The names of the threads of process `pid` (Linux's /proc; none once it has ended). Deno names a
 * Web Worker's thread worker-N.
 */
export function threadNames(pid: number): string[] {
  try {
    return [...Deno.readDirSync(`/proc/${pid}/task`)].map(({ name }) =>
      Deno.readTextFileSync(`/proc/${pid}/task/${name}/comm`).trim()
    );
  } catch {
    return [];
  }
}

/** Whether `threads` (threadNames) include a Web Worker's: Deno names its thread worker-N. */
export function hasWorkerThread(threads: readonly string[]): boolean {
  return threads.some((name) => name.startsWith("worker-"));
}

/** The arguments of a silent get-objects of scripts/null-s3.ts's whole bucket into `dir`. */
export function nullBucketDownload(endpoint: string, dir: string): string[] {
  return ["get-objects", "bench", "-s", "-o", dir, "--endpoint-url", endpoint];
}

/** Matches stack frames such as `    at foo (file:///x.ts:1:2)`. */
export const STACK_FRAME = /^\s*at\s|(file|ext|npm|node):\S*:\d+:\d+/m;

/** The lines of `text` (without a final empty one). */
export function linesOf(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** A long-running CLI process (such as `localserver`) started by spawnCli. */
export interface SpawnedCli {
  /** The process id of the CLI (of the wrapper, if one was given). */
  readonly pid: number;
  /** Everything the process has written to stderr so far. */
  stderr(): string;
  /** Sends `signal` (SIGTERM unless given) unless it has exited, then waits for the end. */
  stop(signal?: Deno.Signal): Promise<CliResult>;
  /** Resolves when the process ends by itself. */
  readonly finished: Promise<CliResult>;
}

/**
 * Starts `main.ts ...args` in the same clean environment as runCli and
 * resolves once its stderr contains `ready` (or, for a promise, once it
 * settles). Throws (after killing it) if the process exits first or
 * `timeoutMs` passes.
 */
export async function spawnCli(
  args: string[],
  options: {
    env?: Record<string, string>;
    ready: string | Promise<unknown>;
    timeoutMs?: number;
    /** As runCli's; it must `exec` the CLI, so that signals reach it. */
    wrapper?: string[];
    /** Options for `deno run` itself, such as a V8 option. */
    denoFlags?: string[];
  },
): Promise<SpawnedCli> {
  const home = await Deno.makeTempDir({ prefix: "s3c-home-" });
  const [program, ...programArgs] = [
    ...options.wrapper ?? [],
    Deno.execPath(),
    "run",
    "-A",
    "--cached-only",
    ...options.denoFlags ?? [],
    MAIN_PATH,
    ...args,
  ];
  const child = new Deno.Command(program, {
    args: programArgs,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: home,
      NO_COLOR: "1",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: `${home}/aws-config-does-not-exist`,
      AWS_SHARED_CREDENTIALS_FILE: `${home}/aws-credentials-do-not-exist`,
      DENO_DIR: await parentDenoDir(),
      ...options.env,
    },
    cwd: REPO_ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  let started = false;
  const ready = Promise.withResolvers<"ready">();
  const decoder = new TextDecoder();
  const drained = child.stderr.pipeTo(
    new WritableStream({
      write(chunk) {
        text += decoder.decode(chunk, { stream: true });
        // Searched only until found: a busy server's log grows long.
        if (!started && typeof options.ready === "string" && text.includes(options.ready)) {
          started = true;
          ready.resolve("ready");
        }
      },
    }),
  );
  const stdout = new Response(child.stdout).text();
  let exited = false;
  const finished = (async (): Promise<CliResult> => {
    const status = await child.status;
    exited = true;
    await drained;
    await Deno.remove(home, { recursive: true });
    return { code: status.code, stdout: await stdout, stderr: text };
  })();
  const stop = async (signal: Deno.Signal = "SIGTERM") => {
    if (!exited) child.kill(signal);
    return await finished;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timed out">((resolve) => {
    timer = setTimeout(() => resolve("timed out"), options.timeoutMs ?? 30_000);
  });
  if (typeof options.ready !== "string") options.ready.then(() => ready.resolve("ready"), () => {});
  const outcome = await Promise.race([
    ready.promise,
    finished.then(() => "exited" as const),
    timeout,
  ]);
  clearTimeout(timer);
  if (outcome !== "ready") {
    const result = await stop("SIGKILL");
    throw new Error(`${args[0]} did not start (${outcome}, exit ${result.code}):\n${text}`);
  }
  return { pid: child.pid, stderr: () => text, stop, finished };
}

/**
 * Asserts the contract for invalid input: exit `code` (2 unless given), nothing on stdout,
 * exactly one `error:` line on stderr containing `phrase`, no stack trace, no request sent.
 */
export function assertUsageError(
  result: CliResult,
  phrase: string,
  requests: readonly unknown[] = [],
  code = 2,
): void {
  const context = `stderr: ${JSON.stringify(result.stderr)}`;
  assert.equal(result.code, code, context);
  assert.equal(result.stdout, "", context);
  const lines = linesOf(result.stderr);
  assert.equal(lines.length, 1, `exactly one stderr line; ${context}`);
  assert.ok(lines[0].startsWith("error: "), context);
  assert.ok(lines[0].includes(phrase), `expected ${phrase}; ${context}`);
  assert.doesNotMatch(result.stderr, STACK_FRAME);
  assert.deepEqual(requests, [], "no request may reach the endpoint");
}
