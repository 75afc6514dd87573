import type { ExtraStatement, GeneratedStatement, Permission, PolicyDocument } from "./types.ts";

const OBJECT_READ_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectAcl",
  "s3:GetObjectLegalHold",
  "s3:GetObjectRetention",
  "s3:GetObjectTagging",
];

/**
 * Normalises `--prefix` values: each gets a trailing `*` unless it has one,
 * duplicates go, and any unrestricted prefix (`*`) makes the whole set `["*"]`.
 */
export function normalizePrefixes(prefixes: readonly string[]): string[] {
  const normalized = prefixes.map((p) => (p.endsWith("*") ? p : `${p}*`));
  if (normalized.length === 0 || normalized.includes("*")) return ["*"];
  return [...new Set(normalized)];
}

function allow(action: string[], resource: string[]): GeneratedStatement {
  return { Effect: "Allow", Action: action, Resource: resource };
}

function objectArns(bucket: string, prefixes: string[]): string[] {
  return prefixes.map((p) => `arn:aws:s3:::${bucket}/${p}`);
}

/** Statements letting credentials list and read `bucket` within `prefixes` (normalised). */
export function readOnlyStatements(bucket: string, prefixes: string[]): GeneratedStatement[] {
  const bucketArn = [`arn:aws:s3:::${bucket}`];
  const read = allow([...OBJECT_READ_ACTIONS], objectArns(bucket, prefixes));
  if (prefixes.length === 1 && prefixes[0] === "*") {
    return [allow(["s3:ListBucket", "s3:GetBucketLocation"], bucketArn), read];
  }
  return [
    allow(["s3:GetBucketLocation"], bucketArn),
    {
      ...allow(["s3:ListBucket"], [...bucketArn]),
      Condition: { StringLike: { "s3:prefix": [...prefixes] } },
    },
    read,
  ];
}

/** Statements letting credentials read, write and delete objects of `bucket` within `prefixes`. */
export function readWriteStatements(bucket: string, prefixes: string[]): GeneratedStatement[] {
  return [
    ...readOnlyStatements(bucket, prefixes),
    allow(["s3:PutObject", "s3:DeleteObject"], objectArns(bucket, prefixes)),
  ];
}

/** The single statement letting credentials write (not read or list) objects of `bucket`. */
export function writeOnlyStatements(bucket: string, prefixes: string[]): GeneratedStatement[] {
  return [allow(["s3:PutObject"], objectArns(bucket, prefixes))];
}

/** The statements for one bucket and one permission. */
export function bucketStatements(
  permission: Permission,
  bucket: string,
  prefixes: string[],
): GeneratedStatement[] {
  switch (permission) {
    case "read-only":
      return readOnlyStatements(bucket, prefixes);
    case "write-only":
      return writeOnlyStatements(bucket, prefixes);
    case "read-write":
      return readWriteStatements(bucket, prefixes);
  }
}

/** What a generated policy is made of. */
export interface PolicyRequest {
  permission: Permission;
  /** Raw `--prefix` values; normalised here. Empty means the whole bucket. */
  prefixes: readonly string[];
  /** Extra `--statement` objects, appended as given. */
  statements: readonly ExtraStatement[];
}

/** One policy covering every bucket, then the extra statements (used for `policy` and sessions). */
export function combinedPolicy(buckets: readonly string[], request: PolicyRequest): PolicyDocument {
  const prefixes = normalizePrefixes(request.prefixes);
  return {
    Version: "2012-10-17",
    Statement: [
      ...buckets.flatMap((bucket) => bucketStatements(request.permission, bucket, prefixes)),
      ...request.statements,
    ],
  };
}

/** The inline policy attached to a user for one bucket: its statements, then the extra ones. */
export function bucketPolicy(bucket: string, request: PolicyRequest): PolicyDocument {
  return combinedPolicy([bucket], request);
}
