import type { StaticCredentials } from "../aws/auth-file.ts";
import type { AwsOptions } from "../aws/options.ts";
import { UsageError } from "../errors.ts";
import { parseStatement } from "../policy/statement-flag.ts";
import { parseExpiry } from "../policy/expiry.ts";
import type { Permission } from "../policy/types.ts";
import { bucketNameProblem, legacyBucketNameProblem } from "../bucket/name.ts";
import { parseDuration } from "./duration.ts";
import { readInput } from "./input.ts";
import type { ListingFormat } from "../output/listing.ts";

/** How a flag is spelt on the command line: `readOnly` is `--read-only`. */
export function optionName(flag: string): string {
  return `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Whether a flag is given a value on the command line (`--prefix X`), unlike a switch (`--csv`). */
export function takesValue(flag: { readonly kind: string } | undefined): boolean {
  return flag?.kind === "parsed" || flag?.kind === "enum";
}

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
  readonly region?: string;
}

// Stricli passes errors of asynchronous parsers on as they are: name the flag here.
async function invalidValueOf<T>(flag: string, parse: () => Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Invalid value for '${flag}': ${(error as Error).message}`);
  }
}

function readAuthFile(path: string): Promise<StaticCredentials> {
  return invalidValueOf("--auth", async () => {
    const content = await readInput(path, "--auth");
    const { parseAuthText } = await import("../aws/auth-file.ts");
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
  region: { kind: "parsed", parse: parseRegion, brief: "AWS region", optional: true },
} as const;

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
    endpointUrl: given(flags.endpointUrl),
    iamEndpointUrl: given(flags.iamEndpointUrl),
    stsEndpointUrl: given(flags.stsEndpointUrl),
    profile: given(flags.profile),
    region: given(flags.region),
  };
}

/** `--read-only` / `--write-only` flags. */
export interface PermissionFlags {
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
}

export const permissionFlagParameters = {
  readOnly: { kind: "boolean", brief: "Only allow reading from the bucket", default: false },
  writeOnly: { kind: "boolean", brief: "Only allow writing to the bucket", default: false },
} as const;

/** The permission the flags ask for; both flags at once is a usage error. */
export function permissionOf(flags: PermissionFlags): Permission {
  if (flags.readOnly && flags.writeOnly) {
    throw new UsageError("Cannot use --read-only and --write-only at the same time");
  }
  return flags.readOnly ? "read-only" : flags.writeOnly ? "write-only" : "read-write";
}

function parsePrefix(value: string): string {
  // No --prefix is the whole-bucket grant; an empty one is more likely a mistake.
  if (value === "") throw new Error("must not be empty (leave out --prefix for the whole bucket)");
  return value;
}

export const prefixFlagParameter = {
  kind: "parsed",
  parse: parsePrefix,
  brief: "Restrict to keys starting with this prefix (repeatable)",
  optional: true,
  variadic: true,
} as const;

export const statementFlagParameter = {
  kind: "parsed",
  parse: parseStatement,
  brief: "JSON statement to add to the generated policy (repeatable)",
  optional: true,
  variadic: true,
  placeholder: "STATEMENT",
} as const;

/** `-d/--duration` of the commands that hand out temporary credentials (create, localserver). */
export const durationFlagParameter = {
  kind: "parsed",
  parse: parseDuration,
  brief: "How long the credentials last: 900, 1200s, 15m or 2h, between 15m and 12h",
  placeholder: "DURATION",
} as const;

/** `--expires` of create and policy: when the user's policies stop allowing anything. */
export const expiresFlagParameter = {
  kind: "parsed",
  parse: (text: string) => parseExpiry(text, new Date()),
  optional: true,
  placeholder: "WHEN",
  brief: "Make the access key stop working then: 90m, 12h, 30d, 2w, 2027-01-31 or " +
    "2027-01-31T18:00:00Z (at most 10 years ahead)",
} as const;

/**
 * Checks the name of an existing bucket: today's S3 naming rules or the
 * legacy ones older us-east-1 buckets still have; throws why it is invalid.
 */
export function parseBucketName(name: string): string {
  const problem = legacyBucketNameProblem(name);
  if (problem) throw new Error(`'${name}' is not a valid bucket name: it ${problem}`);
  return name;
}

/** Checks the name of a bucket about to be created against today's S3 naming rules. */
export function checkNewBucketName(name: string): void {
  const problem = bucketNameProblem(name);
  if (problem) {
    throw new UsageError(
      `Invalid value for 'BUCKETS': '${name}' is not a valid name for a new bucket: it ${problem}`,
    );
  }
}

/** Positional list of bucket names, each checked against the S3 naming rules. */
export const bucketsPositional = {
  kind: "array",
  minimum: 1,
  parameter: { brief: "Bucket names", placeholder: "BUCKETS", parse: parseBucketName },
} as const;

/** One bucket name, checked against the S3 naming rules. */
export const bucketParameter = {
  brief: "Bucket name",
  placeholder: "BUCKET",
  parse: parseBucketName,
} as const;

/** A command's only positional argument: one bucket. */
export const bucketPositional = { kind: "tuple", parameters: [bucketParameter] } as const;

/**
 * Parses `--policy`: literal JSON (starting with `{`), a file path, or `-`
 * for standard input. Returns the policy text, which must be a JSON object.
 */
export function parsePolicyOption(value: string): Promise<string> {
  return invalidValueOf("--policy", () => readPolicy(value));
}

async function readPolicy(value: string): Promise<string> {
  const literal = value.trimStart().startsWith("{");
  let policyText: string;
  if (literal) {
    policyText = value;
  } else {
    try {
      policyText = await readInput(value, "--policy");
    } catch (error) {
      if (error instanceof Error && error.message.includes("No such file")) {
        throw new Error(`File not found: '${value}'`);
      }
      throw error;
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(policyText);
  } catch {
    throw new Error(
      literal
        ? "Invalid JSON string"
        : value === "-"
        ? "Input contained invalid JSON"
        : "File contained invalid JSON",
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error("Policy must be a JSON object");
  }
  return policyText;
}

/** `--nl`, `--csv`, `--tsv` of the listing commands. */
export interface ListingFlags {
  readonly nl: boolean;
  readonly csv: boolean;
  readonly tsv: boolean;
}

export const listingFlagParameters = {
  nl: { kind: "boolean", brief: "Output newline-delimited JSON", default: false },
  csv: { kind: "boolean", brief: "Output CSV", default: false },
  tsv: { kind: "boolean", brief: "Output TSV", default: false },
} as const;

/** The listing format the flags ask for; more than one of them is a usage error. */
export function listingFormatOf(flags: ListingFlags): ListingFormat {
  const chosen = (["nl", "csv", "tsv"] as const).filter((name) => flags[name]);
  if (chosen.length > 1) {
    throw new UsageError(`${chosen.map((name) => `--${name}`).join(", ")} cannot be used together`);
  }
  return chosen[0] ?? "json";
}
