import type { IAMClient } from "@aws-sdk/client-iam";
import type { S3Client } from "@aws-sdk/client-s3";
import type { STSClient } from "@aws-sdk/client-sts";
import type { AwsOptions } from "./options.ts";
import {
  type AwsCredentialIdentity,
  type AwsCredentialIdentityProvider,
  type MfaCodeProvider,
  runCredentials,
} from "./credential-provider.ts";
import { setRecipe } from "./client-recipe.ts";
import type { RoleSessionCache } from "./role-session.ts";
import { checkSharedConfig, resolveEndpoints } from "./shared-config.ts";
import { logCredentialSource, requestLogging } from "./request-log.ts";

/** The AWS services a command talks to; only their SDK packages are loaded (each is slow to load). */
export type Service = "iam" | "sts" | "s3";

/** The IAM, STS and S3 clients a command uses, built on first use from one set of options. */
export interface AwsClients {
  readonly region: string;
  readonly iam: IAMClient;
  /**
   * An IAM client that never retries on its own, for calls that are not
   * idempotent (CreateUser, CreateRole, CreateAccessKey): a blind retry after a lost
   * answer would act twice.
   */
  readonly iamSingleAttempt: IAMClient;
  readonly sts: STSClient;
  /** A fresh STS client signing with `credentials` (to check that a new key works). */
  stsAs(credentials: { accessKeyId: string; secretAccessKey: string }): STSClient;
  readonly s3: S3Client;
  /** The custom endpoint the S3 clients send to (flags, environment or profile), undefined for AWS. */
  readonly s3Endpoint: string | undefined;
  /** An S3 client for another region (bucket creation with --bucket-region). */
  s3ForRegion(region: string | undefined): S3Client;
  /**
   * Where the credentials come from, in words ("environment", "profile NAME (SSO)", ...);
   * resolves them first when no request has yet.
   */
  credentialSource(): Promise<string>;
}

/** Region used when neither --region, the profile nor the environment names one. */
export const FALLBACK_REGION = "us-east-1";

/** Without this an unreachable endpoint takes minutes to fail. */
const CONNECTION_TIMEOUT_MS = 5000;
/** A server that accepts the connection and then says nothing is given up on too. */
const SOCKET_IDLE_TIMEOUT_MS = 10_000;
/**
 * Tests set this to a factor below 1 (such as 0.05) that shrinks every
 * client's time limits and the transfers' pauses between attempts, to prove
 * their bounds in seconds. Read only when the permissions allow it.
 */
export const TIME_SCALE_ENV = "S3_CREDENTIALS_TEST_TIME_SCALE";

function timeScale(): number {
  const query = { name: "env", variable: TIME_SCALE_ENV } as const;
  if (Deno.permissions.querySync(query).state !== "granted") return 1;
  const scale = Number(Deno.env.get(TIME_SCALE_ENV));
  return scale > 0 && scale < 1 ? scale : 1;
}
/**
 * The same for small requests (IAM, STS, listings, HEAD): short, so that a silent
 * endpoint fails within seconds across the SDK's attempts, and short enough for the
 * SDK to arm it when the request starts rather than after a delay.
 */
const SMALL_REQUEST_IDLE_TIMEOUT_MS = 4000;

/**
 * Silent like the SDK's default logger (failures are reported by us, once), except that
 * warnings the SDK would print anyway still show, minus its multi-line one about
 * AWS_PROFILE beside keys in the environment (the profile wins, as the SDK says).
 */
const sdkLogger = {
  trace() {},
  debug() {},
  info() {},
  warn(...args: unknown[]) {
    if (!String(args[0]).includes("Multiple credential sources")) console.warn(...args);
  },
  error() {},
};

/** How the S3 client sends its requests: the SDK's Node.js HTTP handler, or Deno's fetch. */
export type S3Transport = "node" | "fetch";

/** Choices about the clients beyond the AWS options. */
export interface ClientSettings {
  /** "fetch" for commands that download: large bodies stream faster through it. */
  readonly s3Transport?: S3Transport;
  /**
   * For commands that move object bodies: their S3 client keeps the longer idle
   * limit, and its requests retry more, with no run-wide retry quota.
   */
  readonly transfers?: boolean;
  /** With transfers: once this fires, requests get the SDK's usual 3 attempts. */
  readonly stopping?: AbortSignal;
  /** Asks for the MFA code of a profile's role (on the terminal); without it, none can be had. */
  readonly askMfaCode?: MfaCodeProvider;
  /** Keeps a profile's role sessions between runs; without it, every run assumes the role. */
  readonly roleSessions?: RoleSessionCache;
}

interface Tagged {
  $operation?: string;
}

type Handler = (args: unknown) => Promise<unknown>;
interface Stacked {
  middlewareStack: {
    add(middleware: unknown, options: { step: "initialize"; name: string }): void;
  };
}

// Remembers which API operation failed, so that errors can name it.
const tagFailedOperation = (next: Handler, context: { commandName?: string }): Handler =>
async (
  args,
) => {
  try {
    return await next(args);
  } catch (error) {
    if (error instanceof Error) {
      (error as Tagged).$operation ??= context.commandName?.replace(/Command$/, "");
    }
    throw error;
  }
};

/** Makes `client`'s errors name the API operation that failed. */
function namingFailedOperations<C extends IAMClient | STSClient | S3Client>(client: C): C {
  (client as unknown as Stacked).middlewareStack.add(tagFailedOperation, {
    step: "initialize",
    name: "s3CredentialsOperationName",
  });
  return client;
}

async function resolveRegion(
  options: AwsOptions,
  Client: new (config: { profile?: string }) => IAMClient | STSClient | S3Client,
): Promise<string> {
  if (options.region) return options.region;
  const probe = new Client({ profile: options.profile });
  try {
    return await probe.config.region();
  } catch {
    return FALLBACK_REGION;
  } finally {
    probe.destroy();
  }
}

/** An assumed role's credentials as the SDK's providers take them; `call` names the call in an error. */
function roleCredentials(
  credentials:
    | { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date }
    | undefined,
  call: string,
): AwsCredentialIdentity {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
    throw new Error(`${call} returned no credentials`);
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration,
  };
}

function notLoaded(service: Service): never {
  throw new Error(`internal error: the ${service} client was not requested from createClients`);
}

/**
 * Builds the clients for `options`: explicit keys when given, else the
 * named profile, else the SDK's default credential chain. Each service
 * goes to its endpoint as resolveEndpoints finds it. Only the SDK packages of `services`
 * are loaded; asking for another client afterwards is a programming error.
 * With `s3Transport: "fetch"` the S3 clients send through Deno's fetch,
 * unless the endpoint's port is one fetch refuses to connect to.
 */
export async function createClients(
  options: AwsOptions,
  services: readonly Service[] = ["iam", "sts", "s3"],
  settings: ClientSettings = {},
): Promise<AwsClients> {
  const wants = (service: Service) => services.includes(service);
  const [iamSdk, stsSdk, s3Sdk] = await Promise.all([
    wants("iam") ? import("@aws-sdk/client-iam") : undefined,
    wants("sts") ? import("@aws-sdk/client-sts") : undefined,
    wants("s3") ? import("@aws-sdk/client-s3") : undefined,
  ]);
  const AnyClient = stsSdk?.STSClient ?? iamSdk?.IAMClient ?? s3Sdk?.S3Client;
  if (!AnyClient) throw new Error("internal error: createClients needs at least one service");
  await checkSharedConfig(options);
  const region = await resolveRegion(options, AnyClient);
  const endpoints = await resolveEndpoints(options);
  const customEndpoint = endpoints.s3;
  const endpointOf = (service: Service) =>
    endpoints[service] ? { endpoint: endpoints[service] } : {};
  // --debug: every client made here reports its requests.
  const debug = requestLogging() ? await import("./debug-middleware.ts") : undefined;
  const prepared = <C extends IAMClient | STSClient | S3Client>(client: C): C => {
    namingFailedOperations(client);
    return debug ? debug.loggingRequests(client) : client;
  };
  const scale = timeScale();
  const connectionTimeout = CONNECTION_TIMEOUT_MS * scale;
  const base = {
    region,
    logger: sdkLogger,
    ...(options.profile ? { profile: options.profile } : {}),
    requestHandler: { connectionTimeout, socketTimeout: SMALL_REQUEST_IDLE_TIMEOUT_MS * scale },
  };
  const provider = options.credentials ? undefined : await runCredentials({
    profile: options.profile,
    mfaCode: options.mfaCode ? () => Promise.resolve(options.mfaCode!) : settings.askMfaCode,
    logger: sdkLogger,
    ...(debug
      ? {
        clientConfig: {
          requestHandler: await debug.loggedRequestHandler("sso", base.requestHandler),
        },
      }
      : {}),
    ...(settings.roleSessions
      ? {
        roleSessions: {
          cache: settings.roleSessions,
          scope: { region, ...(endpoints.sts ? { stsEndpoint: endpoints.sts } : {}) },
        },
      }
      : {}),
    // A profile's role is assumed where the run's STS calls go, so its errors name AssumeRole.
    async assumeRole(source, params) {
      const sdk = stsSdk ?? await import("@aws-sdk/client-sts");
      const sts = prepared(
        new sdk.STSClient({ ...base, ...endpointOf("sts"), credentials: source }),
      );
      try {
        const { Credentials } = await sts.send(new sdk.AssumeRoleCommand(params));
        return roleCredentials(Credentials, `AssumeRole of ${params.RoleArn}`);
      } finally {
        sts.destroy();
      }
    },
    // Web identity too (AWS_WEB_IDENTITY_TOKEN_FILE, web_identity_token_file): an unsigned call.
    async assumeRoleWithWebIdentity(params) {
      const sdk = stsSdk ?? await import("@aws-sdk/client-sts");
      const sts = prepared(new sdk.STSClient({ ...base, ...endpointOf("sts") }));
      try {
        const { Credentials } = await sts.send(new sdk.AssumeRoleWithWebIdentityCommand(params));
        return roleCredentials(Credentials, `AssumeRoleWithWebIdentity of ${params.RoleArn}`);
      } finally {
        sts.destroy();
      }
    },
  });
  const { credentials, credentialSource } = await describedCredentials(options, provider);
  const common = { ...base, credentials };
  const fetchTransport = settings.s3Transport === "fetch"
    ? await import("./fetch-transport.ts")
    : undefined;
  const overFetch = fetchTransport !== undefined &&
    !(customEndpoint && fetchTransport.fetchRefusesPort(customEndpoint));
  const transferRetry = settings.transfers ? await import("./transfer-retry.ts") : undefined;
  const socketTimeout = SOCKET_IDLE_TIMEOUT_MS * scale;
  // S3-compatible servers need path-style URLs and store checksum framing as data.
  const s3Endpoint = customEndpoint
    ? {
      endpoint: customEndpoint,
      forcePathStyle: true,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    } as const
    : {};
  const s3Options = {
    ...common,
    ...s3Endpoint,
    ...(transferRetry
      ? {
        requestHandler: { connectionTimeout, socketTimeout },
        maxAttempts: transferRetry.TRANSFER_MAX_ATTEMPTS,
        retryStrategy: new transferRetry.TransferRetryStrategy(
          transferRetry.TRANSFER_MAX_ATTEMPTS,
          Math.random,
          undefined,
          settings.stopping,
          {
            // Connecting, then idle: the SDK may arm its idle timer late, by less than the first.
            attemptMs: connectionTimeout + socketTimeout,
            budgetMs: transferRetry.SILENCE_BUDGET_MS * scale,
          },
          Date.now,
          scale,
        ),
      }
      : {}),
  };
  // What the S3 clients' handlers allow an answer to begin: connecting, then idle.
  const s3ResponseTimeout = connectionTimeout +
    (transferRetry ? socketTimeout : SMALL_REQUEST_IDLE_TIMEOUT_MS * scale);
  const cache = new Map<string, IAMClient | STSClient | S3Client>();
  function cachedClient<C extends IAMClient | STSClient | S3Client>(key: string, make: () => C): C {
    if (!cache.has(key)) cache.set(key, prepared(make()));
    return cache.get(key) as C;
  }
  const s3ForRegion = (other: string) =>
    cachedClient(
      `s3:${other}`,
      () => {
        if (!s3Sdk) return notLoaded("s3");
        const requestHandler = overFetch
          ? fetchTransport.fetchRequestHandler(connectionTimeout + socketTimeout)
          : undefined;
        const client = new s3Sdk.S3Client({
          ...s3Options,
          region: other,
          ...(requestHandler ? { requestHandler } : {}),
        });
        setRecipe(client, {
          region: other,
          ...(options.profile ? { profile: options.profile } : {}),
          ...s3Endpoint,
          responseTimeoutMs: s3ResponseTimeout,
        });
        return client;
      },
    );
  return {
    region,
    s3Endpoint: customEndpoint,
    get iam() {
      return cachedClient(
        "iam",
        () => iamSdk ? new iamSdk.IAMClient({ ...common, ...endpointOf("iam") }) : notLoaded("iam"),
      );
    },
    get iamSingleAttempt() {
      return cachedClient(
        "iam:single-attempt",
        () =>
          iamSdk
            ? new iamSdk.IAMClient({ ...common, ...endpointOf("iam"), maxAttempts: 1 })
            : notLoaded("iam"),
      );
    },
    get sts() {
      return cachedClient(
        "sts",
        () => stsSdk ? new stsSdk.STSClient({ ...common, ...endpointOf("sts") }) : notLoaded("sts"),
      );
    },
    stsAs(credentials) {
      if (!stsSdk) return notLoaded("sts");
      // One try each: the caller paces its own retries.
      return prepared(
        new stsSdk.STSClient({ ...common, ...endpointOf("sts"), credentials, maxAttempts: 1 }),
      );
    },
    get s3() {
      return s3ForRegion(region);
    },
    s3ForRegion(other) {
      return s3ForRegion(other || region);
    },
    credentialSource,
  };
}

/**
 * The run's credentials and their source: the explicit keys, or the provider's, whose source
 * is known once they resolve (and reported then, under --debug).
 */
async function describedCredentials(
  options: AwsOptions,
  provider: AwsCredentialIdentityProvider | undefined,
): Promise<{
  credentials: AwsOptions["credentials"] | AwsCredentialIdentityProvider;
  credentialSource: () => Promise<string>;
}> {
  if (!provider) {
    const source = options.credentialsFrom ?? "--access-key";
    logCredentialSource(source);
    return { credentials: options.credentials, credentialSource: () => Promise.resolve(source) };
  }
  const { sourceOfCredentials } = await import("./credential-source.ts");
  let source: Promise<string> | undefined;
  const sourceOf = (identity: AwsCredentialIdentity) => {
    source ??= sourceOfCredentials(identity, options.profile).then((words) => {
      logCredentialSource(words);
      return words;
    });
    return source;
  };
  const credentials = async () => {
    const identity = await provider();
    if (requestLogging()) await sourceOf(identity);
    return identity;
  };
  return { credentials, credentialSource: async () => await sourceOf(await provider()) };
}
