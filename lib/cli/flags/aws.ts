// The AWS flags of every command that talks to AWS, and the client options they resolve to.
import type { StaticCredentials } from "../../aws/auth-file.ts";
import type { AwsOptions } from "../../aws/options.ts";
import { UsageError } from "../../errors.ts";
import { readInput } from "./input.ts";
import { invalidValueOf } from "./option.ts";

/** Keeps a flag value as typed. */
const asTyped = (value: string) => value;

/** Flags of every command that talks to AWS. */
export interface AwsFlags {
  readonly accessKey?: string;
  readonly secretKey?: string;
  readonly sessionToken?: string;
  readonly endpointUrl?: string;
  readonly iamEndpointUrl?: string;
  readonly stsEndpointUrl?: string;
  readonly auth?: StaticCredentials;
  readonly profile?: string;
  readonly mfaCode?: string;
  /** --no-cache: a profile's role session is neither read from nor kept in the cache. */
  readonly noCache?: boolean;
  readonly region?: string;
  /** --debug: one stderr line per AWS request and one for the credential source. */
  readonly debug?: boolean;
}

function readAuthFile(path: string): Promise<StaticCredentials> {
  return invalidValueOf("--auth", async () => {
    const content = await readInput(path, "--auth");
    const { parseAuthText } = await import("../../aws/auth-file.ts");
    return await parseAuthText(content);
  });
}

export const awsFlagParameters = {
  accessKey: { kind: "parsed", parse: asTyped, brief: "AWS access key ID", optional: true },
  secretKey: { kind: "parsed", parse: asTyped, brief: "AWS secret access key", optional: true },
  sessionToken: { kind: "parsed", parse: asTyped, brief: "AWS session token", optional: true },
  endpointUrl: {
    kind: "parsed",
    parse: parseEndpointUrl,
    brief: "Custom endpoint URL (for every service)",
    optional: true,
  },
  iamEndpointUrl: {
    kind: "parsed",
    parse: parseEndpointUrl,
    brief: "Custom endpoint URL for IAM (instead of --endpoint-url)",
    optional: true,
  },
  stsEndpointUrl: {
    kind: "parsed",
    parse: parseEndpointUrl,
    brief: "Custom endpoint URL for STS (instead of --endpoint-url)",
    optional: true,
  },
  auth: {
    kind: "parsed",
    parse: readAuthFile,
    brief: "File (JSON or INI) with credentials, - for standard input",
    optional: true,
    placeholder: "FILE",
  },
  profile: {
    kind: "parsed",
    parse: asTyped,
    brief: "Named profile from ~/.aws/config and ~/.aws/credentials",
    optional: true,
  },
  mfaCode: {
    kind: "parsed",
    parse: parseMfaCode,
    brief: "MFA code for a profile with mfa_serial (asked on a terminal otherwise)",
    optional: true,
    placeholder: "CODE",
  },
  noCache: {
    kind: "boolean",
    optional: true,
    withNegated: false,
    brief: "Assume a profile's role anew: don't use or keep its cached session",
  },
  region: { kind: "parsed", parse: parseRegion, brief: "AWS region", optional: true },
  debug: {
    kind: "boolean",
    optional: true,
    withNegated: false,
    brief: "Log each AWS request and the credential source on stderr (no secrets)",
  },
} as const;

// AWS MFA devices show six digits.
const MFA_CODE = /^\d{6}$/;

function parseMfaCode(value: string): string {
  if (!MFA_CODE.test(value)) throw new Error(`'${value}' is not an MFA code (6 digits)`);
  return value;
}

// Region names as AWS forms them: us-east-1, us-gov-west-1, cn-north-1, eu-isoe-west-1.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Checks the shape of a region name (empty counts as not given). */
export function parseRegion(value: string): string {
  if (value !== "" && !REGION.test(value)) {
    throw new Error(`'${value}' is not a region name such as us-east-1`);
  }
  return value;
}

export const awsAliases = { a: "auth" } as const;

function parseEndpointUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`'${value}' is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`'${value}' must start with http:// or https://`);
  }
  return value;
}

/**
 * Turns the AWS flags into client options, refusing combinations that
 * cannot mean anything. Empty values count as absent.
 */
export function resolveAwsOptions(flags: AwsFlags): AwsOptions {
  const given = (value?: string) => (value ? value : undefined);
  const accessKey = given(flags.accessKey);
  const secretKey = given(flags.secretKey);
  const sessionToken = given(flags.sessionToken);
  const anyKey = accessKey ?? secretKey ?? sessionToken;
  if (flags.auth && anyKey) {
    throw new UsageError(
      "--auth cannot be used with --access-key, --secret-key or --session-token",
    );
  }
  if (given(flags.profile) && (flags.auth || anyKey)) {
    throw new UsageError("--profile cannot be used with --auth or explicit keys");
  }
  if (flags.mfaCode && (flags.auth || anyKey)) {
    throw new UsageError("--mfa-code is for a profile's role, not for --auth or explicit keys");
  }
  if (flags.noCache && (flags.auth || anyKey)) {
    throw new UsageError("--no-cache is for a profile's role, not for --auth or explicit keys");
  }
  if (!accessKey !== !secretKey) {
    throw new UsageError("--access-key and --secret-key must be given together");
  }
  if (sessionToken && !accessKey) {
    throw new UsageError("--session-token needs --access-key and --secret-key");
  }
  const credentials = flags.auth ??
    (accessKey && secretKey
      ? { accessKeyId: accessKey, secretAccessKey: secretKey, sessionToken }
      : undefined);
  return {
    credentials,
    ...(credentials ? { credentialsFrom: flags.auth ? "--auth FILE" : "--access-key" } : {}),
    endpointUrl: given(flags.endpointUrl),
    iamEndpointUrl: given(flags.iamEndpointUrl),
    stsEndpointUrl: given(flags.stsEndpointUrl),
    profile: given(flags.profile),
    region: given(flags.region),
    // Present only when given: most runs never need one.
    ...(flags.mfaCode ? { mfaCode: flags.mfaCode } : {}),
  };
}
