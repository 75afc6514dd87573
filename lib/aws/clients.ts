import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import type { AwsOptions } from "./options.ts";

/** The IAM, STS and S3 clients a command uses, built on first use from one set of options. */
export interface AwsClients {
  readonly region: string;
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly s3: S3Client;
  /** An S3 client for another region (bucket creation with --bucket-region). */
  s3In(region: string | undefined): S3Client;
}

/** Region used when neither --region, the profile nor the environment names one. */
export const FALLBACK_REGION = "us-east-1";

/** Without this an unreachable endpoint takes minutes to fail. */
const CONNECTION_TIMEOUT_MS = 5000;
/** A server that accepts the connection and then says nothing is given up on too. */
const SOCKET_IDLE_TIMEOUT_MS = 10_000;

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

async function resolveRegion(options: AwsOptions): Promise<string> {
  if (options.region) return options.region;
  const probe = new STSClient({ profile: options.profile });
  try {
    return await probe.config.region();
  } catch {
    return FALLBACK_REGION;
  } finally {
    probe.destroy();
  }
}

/**
 * Builds the clients for `options`: explicit keys when given, else the
 * named profile, else the SDK's default credential chain. A custom
 * endpoint applies to every service.
 */
export async function createClients(options: AwsOptions): Promise<AwsClients> {
  const region = await resolveRegion(options);
  const common = {
    region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      socketTimeout: SOCKET_IDLE_TIMEOUT_MS,
    },
  };
  const s3Options = {
    ...common,
    // S3-compatible servers need path-style URLs and store checksum framing as data.
    ...(options.endpointUrl
      ? {
        forcePathStyle: true,
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      } as const
      : {}),
  };
  const cache = new Map<string, IAMClient | STSClient | S3Client>();
  function once<C extends IAMClient | STSClient | S3Client>(key: string, make: () => C): C {
    if (!cache.has(key)) {
      const client = make();
      (client as unknown as Stacked).middlewareStack.add(tagFailedOperation, {
        step: "initialize",
        name: "s3CredentialsOperationName",
      });
      cache.set(key, client);
    }
    return cache.get(key) as C;
  }
  const s3 = () => once("s3", () => new S3Client(s3Options));
  return {
    region,
    get iam() {
      return once("iam", () => new IAMClient(common));
    },
    get sts() {
      return once("sts", () => new STSClient(common));
    },
    get s3() {
      return s3();
    },
    s3In(other) {
      if (!other || other === region) return s3();
      return once(`s3:${other}`, () => new S3Client({ ...s3Options, region: other }));
    },
  };
}

/** True when `error` is the AWS service error named `name` (e.g. `NoSuchEntityException`). */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}

/** HTTP status of a failed AWS call, if it got an answer. */
export function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}
