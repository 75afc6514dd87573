// Starts the moto AWS emulator (IAM, STS and S3 on one port) for tests and scripts/emulator.ts.
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";

/** `python3 -m moto.server` with AWS managed policies built once per process (see the file). */
const MOTO_SERVER_PATH = new URL("./moto_server.py", import.meta.url).pathname;

export const MOTO_MISSING = 'the moto emulator is not installed: pip install "moto[server]"';

/** Obviously fake keys; moto accepts any keys while enforcement is off. */
export const fakeCredentials = { accessKeyId: "testing", secretAccessKey: "testing" } as const;

/** An IAM client of the emulator at `endpoint` (fake keys unless others are given). */
export function iamAt(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string } = fakeCredentials,
): IAMClient {
  return new IAMClient({ endpoint, region: "us-east-1", credentials });
}

export interface AdminKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A running moto process, as returned by spawnMoto. */
export interface MotoProcess {
  endpoint: string;
  port: number;
  /** Resolves when the process has exited and its stderr has been drained. */
  exited: Promise<Deno.CommandStatus>;
  kill(): Promise<Deno.CommandStatus>;
}

export interface Moto {
  endpoint: string;
  port: number;
  /** Deletes all state and switches IAM enforcement off. */
  reset(): Promise<void>;
  /** Creates an allow-all admin user, then makes moto check every later request. */
  enableAuth(): Promise<AdminKeys>;
  disableAuth(): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

/**
 * Spawns moto on the port and waits until it answers; `echo` copies its log (a line
 * per request) to our stderr, else moto logs only errors. With `fork`, the emulator is
 * forked from a process that has moto loaded already (see moto_server.py).
 */
export async function spawnMoto(
  port: number,
  opts: { echo?: boolean; timeoutMs?: number; fork?: boolean } = {},
): Promise<MotoProcess> {
  const endpoint = `http://127.0.0.1:${port}`;
  const args = [...opts.echo ? [] : ["--quiet"], "-H", "127.0.0.1", "-p", String(port)];
  const launched = opts.fork ? await forkFromZygote(args) : spawnPython(args);
  // Drain its output (werkzeug logs every request there) so the pipe never blocks; keep the start.
  let log = "";
  const decoder = new TextDecoder();
  const drained = launched.output.pipeTo(
    new WritableStream({
      write(chunk) {
        if (log.length < 8192) log += decoder.decode(chunk, { stream: true });
        if (opts.echo) return writeStderr(chunk);
      },
    }),
  ).catch(() => {});
  const exited = Promise.all([launched.status, drained]).then(([status]) => status);
  let done = false;
  exited.finally(() => done = true);
  const kill = async () => {
    if (!done) {
      try {
        launched.kill();
      } catch { /* already gone */ }
    }
    return await exited;
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  while (!done) {
    // A per-attempt timeout, since a foreign listener on the port may never answer.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 1000);
    try {
      const res = await fetch(`${endpoint}/moto-api/`, { signal: abort.signal });
      await res.body?.cancel();
      if (res.ok) return { endpoint, port, exited, kill };
    } catch {
      /* not listening yet */
    } finally {
      clearTimeout(timer);
    }
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`moto did not answer on ${endpoint} within ${opts.timeoutMs ?? 20_000} ms`);
    }
    await new Promise((r) => setTimeout(r, opts.fork ? 20 : 100));
  }
  const status = await exited;
  if (/No module named/.test(log)) throw new Error(`${MOTO_MISSING}\n${log.trim()}`);
  throw new Error(`moto exited early with code ${status.code}:\n${log.trim()}`);
}

/** An emulator process: its output (stdout and stderr), its exit, and how to stop it. */
interface Launched {
  output: ReadableStream<Uint8Array>;
  status: Promise<Deno.CommandStatus>;
  kill(): void;
}

function spawnPython(args: string[]): Launched {
  try {
    const child = new Deno.Command("python3", {
      args: [MOTO_SERVER_PATH, ...args],
      env: { MOTO_IAM_LOAD_MANAGED_POLICIES: "true", PYTHONUNBUFFERED: "1" },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    return { output: child.stderr, status: child.status, kill: () => child.kill("SIGTERM") };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(MOTO_MISSING, { cause: e });
    throw e;
  }
}

/** The zygote's socket: one per test run, shared by the test files of that run. */
const ZYGOTE_PATH = `${Deno.env.get("TMPDIR") ?? "/tmp"}/s3c-moto-zygote-${Deno.pid}.sock`;

/** Connects to this run's zygote, starting it first if no test file has yet. */
async function zygoteConnection(): Promise<Deno.UnixConn> {
  const connect = () => Deno.connect({ transport: "unix", path: ZYGOTE_PATH });
  try {
    return await connect();
  } catch {
    // Not started yet: the launcher returns once its zygote listens (or another one does).
  }
  let launcher: Deno.CommandOutput;
  try {
    launcher = await new Deno.Command("python3", {
      args: [MOTO_SERVER_PATH, "--zygote", ZYGOTE_PATH, String(Deno.pid)],
      env: { MOTO_IAM_LOAD_MANAGED_POLICIES: "true", PYTHONUNBUFFERED: "1" },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(MOTO_MISSING, { cause: e });
    throw e;
  }
  const log = new TextDecoder().decode(launcher.stderr).trim();
  if (/No module named/.test(log)) throw new Error(`${MOTO_MISSING}\n${log}`);
  if (!launcher.success) throw new Error(`the moto zygote did not start:\n${log}`);
  // Another file's launcher may have bound the socket a moment before it listens.
  for (let attempt = 1;; attempt++) {
    try {
      return await connect();
    } catch (e) {
      if (attempt >= 50) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function forkFromZygote(args: string[]): Promise<Launched> {
  const conn = await zygoteConnection();
  await conn.write(new TextEncoder().encode(JSON.stringify(args) + "\n"));
  const reader = conn.readable.getReader();
  // The first line is the emulator's pid; everything after it is its output.
  let head = new Uint8Array();
  let newline = -1;
  while (newline < 0) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the moto zygote closed the connection");
    const joined = new Uint8Array(head.length + value.length);
    joined.set(head);
    joined.set(value, head.length);
    head = joined;
    newline = head.indexOf(10);
  }
  const pid = Number(new TextDecoder().decode(head.subarray(0, newline)));
  let tail = "";
  const decoder = new TextDecoder();
  let settle: (status: Deno.CommandStatus) => void;
  const status = new Promise<Deno.CommandStatus>((resolve) => settle = resolve);
  const output = new ReadableStream<Uint8Array>({
    start(controller) {
      if (newline + 1 < head.length) controller.enqueue(head.subarray(newline + 1));
    },
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) {
        controller.close();
        // The zygote ends the output with "[exit CODE]" once it has reaped the emulator.
        const exit = /\[exit (-?\d+)\]\s*$/.exec(tail);
        const code = exit ? Number(exit[1]) : 1;
        settle({ success: code === 0, code, signal: null });
        return;
      }
      tail = (tail + decoder.decode(value, { stream: true })).slice(-64);
      controller.enqueue(value);
    },
    cancel() {
      reader.cancel();
    },
  });
  return { output, status, kill: () => Deno.kill(pid, "SIGTERM") };
}

async function writeStderr(data: Uint8Array): Promise<void> {
  for (let n = 0; n < data.length;) n += await Deno.stderr.write(data.subarray(n));
}

async function post(endpoint: string, path: string, body?: string): Promise<void> {
  const res = await fetch(endpoint + path, {
    method: "POST",
    body,
    headers: { "content-type": "text/plain" },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${text}`);
}

/** Starts moto on a free port; retries if another process grabbed the port meanwhile. */
export async function startMoto(): Promise<Moto> {
  let proc: MotoProcess | undefined;
  for (let attempt = 1; !proc; attempt++) {
    try {
      proc = await spawnMoto(freePort(), { fork: true });
    } catch (e) {
      if (attempt >= 3 || !/in use/i.test(String(e))) throw e;
    }
  }
  const { endpoint, port } = proc;
  // N in reset-auth = how many more requests go unchecked; "inf" switches enforcement off.
  const disableAuth = () => post(endpoint, "/moto-api/reset-auth", "inf");
  let admins = 0;
  return {
    endpoint,
    port,
    disableAuth,
    async reset() {
      await post(endpoint, "/moto-api/reset");
      await disableAuth();
      admins = 0;
    },
    async enableAuth() {
      await disableAuth();
      const iam = iamAt(endpoint);
      try {
        const UserName = admins++ ? `admin${admins}` : "admin";
        await iam.send(new CreateUserCommand({ UserName }));
        await iam.send(
          new PutUserPolicyCommand({
            UserName,
            PolicyName: "allow-all",
            PolicyDocument: JSON.stringify({
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
            }),
          }),
        );
        const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName }));
        await post(endpoint, "/moto-api/reset-auth", "0");
        return {
          accessKeyId: AccessKey!.AccessKeyId!,
          secretAccessKey: AccessKey!.SecretAccessKey!,
        };
      } finally {
        iam.destroy();
      }
    },
    async stop() {
      await proc.kill();
    },
  };
}

/** Environment for a subprocess of the CLI: fake keys, moto's endpoint, no ~/.aws files. */
export function motoEnv(moto: Pick<Moto, "endpoint" | "port">): Record<string, string> {
  const tmp = Deno.env.get("TMPDIR") ?? "/tmp";
  const missing = `${tmp}/s3-credentials-test-no-such-dir-${moto.port}`;
  return {
    AWS_ACCESS_KEY_ID: fakeCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: fakeCredentials.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: `${missing}/config`,
    AWS_SHARED_CREDENTIALS_FILE: `${missing}/credentials`,
    NO_COLOR: "1",
  };
}
