/**
 * The life of `localserver`: checks, first credentials, listening, and a
 * clean shutdown on SIGINT or SIGTERM.
 *
 * @module
 */
import { bucketState } from "../actions/buckets.ts";
import type { AwsClients } from "../aws/clients.ts";
import { describeError } from "../error-line.ts";
import { roleSessionSource } from "../actions/role-session.ts";
import { CliError } from "../errors.ts";
import { type LocalServerSession, localServerSessionStep } from "../policy/localserver.ts";
import { CredentialCache, refreshMarginMs } from "./credential-cache.ts";
import { credentialHandler, formatLocalTimestamp } from "./handler.ts";
import { hostMatcher } from "./host-check.ts";
import { startupLines } from "./startup.ts";

/** Everything `localserver` was asked for, already validated. */
export interface LocalServerRequest {
  session: LocalServerSession;
  host: string;
  /** 0 lets the system choose a free port (printed in the start-up line). */
  port: number;
  /** Bearer token clients must present, if any. */
  token?: string;
  /** The environment variable the token was read from, if it was. */
  tokenVariable?: string;
}

export interface LocalServerDeps {
  clients: Pick<AwsClients, "iam" | "iamSingleAttempt" | "sts" | "s3">;
  /** Writes text (whole lines, newline included) to stderr. */
  stderr: (text: string) => void;
}

function startFailure(host: string, port: number, error: unknown): CliError {
  if (error instanceof Deno.errors.AddrInUse) {
    return new CliError(`Failed to start server: address already in use: ${host}:${port}`);
  }
  return new CliError(`Failed to start server: ${describeError(error)}`);
}

/** Fails early, before any credentials are minted, when the address cannot be bound. */
function checkAddress(host: string, port: number): void {
  try {
    Deno.listen({ hostname: host, port }).close();
  } catch (error) {
    throw startFailure(host, port, error);
  }
}

function signalled(): { promise: Promise<void>; dispose: () => void } {
  const { promise, resolve } = Promise.withResolvers<void>();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const added = signals.filter((signal) => {
    try {
      Deno.addSignalListener(signal, resolve);
      return true;
    } catch {
      return false; // SIGTERM cannot be listened to on Windows.
    }
  });
  let disposed = false;
  return {
    promise,
    dispose() {
      if (!disposed) added.forEach((signal) => Deno.removeSignalListener(signal, resolve));
      disposed = true;
    },
  };
}

/**
 * Runs the server until it is told to stop: checks the address and the
 * bucket, mints the first credentials, listens, serves, and resolves once
 * the server has shut down. Start-up failures are CliErrors (one line).
 */
export async function runLocalServer(
  request: LocalServerRequest,
  deps: LocalServerDeps,
): Promise<void> {
  const { session, host } = request;
  const log = (line: string) => deps.stderr(line + "\n");
  checkAddress(host, request.port);
  if (await bucketState(deps.clients.s3, session.bucket) === "missing") {
    throw new CliError(`Bucket does not exist: ${session.bucket}`);
  }
  log("Generating initial credentials...");
  const fetchCredentials = roleSessionSource(deps.clients, localServerSessionStep(session), log);
  let initial;
  try {
    initial = await fetchCredentials();
  } catch (error) {
    throw new CliError(`Failed to start server: ${describeError(error)}`);
  }
  const cache = new CredentialCache({
    fetch: fetchCredentials,
    initial,
    refreshMarginMs: refreshMarginMs(session.durationSeconds),
    onRenewalError: (error) =>
      log(
        `${formatLocalTimestamp(new Date())} - Failed to renew credentials: ${
          describeError(error)
        }`,
      ),
  });
  // The Host check needs the port actually bound (`--port 0`), known once the server listens.
  let allowedHost: (host: string) => boolean = () => false;
  const handler = credentialHandler({
    credentials: () => cache.get(),
    allowedHost: (hostHeader) => allowedHost(hostHeader),
    token: request.token,
    log,
  });
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({ hostname: host, port: request.port, onListen() {} }, handler);
  } catch (error) {
    throw startFailure(host, request.port, error);
  }
  const { hostname: address, port } = server.addr;
  allowedHost = hostMatcher({ host, address, port });
  // Listened to only now: before this, Ctrl+C simply ends the process.
  const stopping = signalled();
  try {
    startupLines({
      permission: session.permission,
      bucket: session.bucket,
      host,
      address,
      port,
      durationSeconds: session.durationSeconds,
      tokenRequired: request.token !== undefined,
      tokenValue: request.tokenVariable ? undefined : request.token,
      tokenVariable: request.tokenVariable,
    }).forEach(log);
    await Promise.race([stopping.promise, server.finished]);
    stopping.dispose(); // A second Ctrl+C ends the process at once.
    log("\nShutting down server...");
    await server.shutdown();
  } finally {
    stopping.dispose();
  }
}
