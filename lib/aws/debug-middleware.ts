// --debug for SDK clients: times each operation from its first attempt to its answer and reports
// it through request-log.ts with the endpoint of its last attempt and the SDK's $metadata.
import { endpointOf, logRequest, requestIdOf } from "./request-log.ts";

type Handler = (args: { request?: unknown }) => Promise<unknown>;
type Middleware = (next: Handler, context: object) => Handler;

interface Stack {
  middlewareStack: {
    add(
      middleware: Middleware,
      options: { step: "initialize" | "deserialize"; name: string; priority?: "high" | "low" },
    ): void;
  };
}

interface Metadata {
  httpStatusCode?: number;
  requestId?: string;
  extendedRequestId?: string;
  attempts?: number;
}

/** What the innermost step saw of an operation's attempts. */
interface Attempts {
  started?: number;
  endpoint?: string;
  status?: number;
  count: number;
}

const seen = new WeakMap<object, Attempts>();

// Innermost: runs once per attempt, with the request as it is sent.
const eachAttempt: Middleware = (next, context) => async (args) => {
  const attempts = seen.get(context);
  if (attempts) {
    attempts.started ??= performance.now();
    attempts.count++;
    attempts.endpoint = endpointOf(args.request as Parameters<typeof endpointOf>[0]);
  }
  const result = await next(args) as { response?: { statusCode?: number } };
  if (attempts) attempts.status = result.response?.statusCode;
  return result;
};

/** The name or code of a failure that got no HTTP answer. */
function failureName(error: unknown): string {
  if (!(error instanceof Error)) return "failed";
  return (error as { code?: string }).code ?? error.name;
}

const eachOperation: Middleware = (next, context) => async (args) => {
  const attempts: Attempts = { count: 0 };
  seen.set(context, attempts);
  const names = context as { clientName?: string; commandName?: string };
  const service = String(names.clientName ?? "").replace(/Client$/, "").toLowerCase();
  const operation = String(names.commandName ?? "").replace(/Command$/, "");
  const report = (metadata: Metadata | undefined, status: number | string | undefined) =>
    // Nothing was sent when the credentials or the request failed first: the error says why.
    attempts.count > 0 && logRequest({
      service,
      operation,
      endpoint: attempts.endpoint,
      status: metadata?.httpStatusCode ?? status ?? "-",
      durationMs: attempts.started === undefined ? 0 : performance.now() - attempts.started,
      requestId: metadata?.requestId ?? metadata?.extendedRequestId,
      retries: Math.max((metadata?.attempts ?? attempts.count) - 1, 0),
    });
  try {
    const result = await next(args) as { output?: { $metadata?: Metadata } };
    report(result.output?.$metadata, attempts.status);
    return result;
  } catch (error) {
    const metadata = (error as { $metadata?: Metadata } | undefined)?.$metadata;
    report(metadata, metadata?.httpStatusCode ?? attempts.status ?? failureName(error));
    throw error;
  }
};

/** Makes `client` report each of its operations to the request log (for --debug only). */
export function loggingRequests<C>(client: C): C {
  const stack = (client as unknown as Stack).middlewareStack;
  stack.add(eachOperation, {
    step: "initialize",
    name: "s3CredentialsRequestLog",
    priority: "high",
  });
  stack.add(eachAttempt, { step: "deserialize", name: "s3CredentialsAttemptLog", priority: "low" });
  return client;
}

/** The SDK's own credential calls, by path: they go through loggedRequestHandler. */
const CREDENTIAL_OPERATIONS: Readonly<Record<string, string>> = {
  "/federation/credentials": "GetRoleCredentials",
};

/**
 * A request handler for the clients the SDK's credential providers make themselves (the SSO
 * portal), which no middleware of ours reaches: one line per attempt.
 */
export async function loggedRequestHandler(
  service: string,
  timeouts: { connectionTimeout: number; socketTimeout: number },
): Promise<unknown> {
  const { NodeHttpHandler } = await import("@smithy/node-http-handler");
  type Arguments = Parameters<InstanceType<typeof NodeHttpHandler>["handle"]>;
  return new class extends NodeHttpHandler {
    override async handle(request: Arguments[0], options?: Arguments[1]) {
      const started = performance.now();
      const report = (status: number | string, requestId?: string) =>
        logRequest({
          service,
          operation: CREDENTIAL_OPERATIONS[request.path] ?? request.method,
          endpoint: endpointOf(request),
          status,
          durationMs: performance.now() - started,
          requestId,
          retries: 0,
        });
      try {
        const result = await super.handle(request, options);
        const { statusCode, headers } = result.response;
        report(statusCode, requestIdOf(headers));
        return result;
      } catch (error) {
        report(failureName(error));
        throw error;
      }
    }
  }(timeouts);
}
