const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/**
 * Checks `name` against the S3 general purpose bucket naming rules.
 * Returns why it is invalid, or undefined when it is valid.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "must be 3 to 63 characters long";
  if (!/^[a-z0-9.-]+$/.test(name)) {
    return "may contain only lowercase letters, digits, dots and hyphens";
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return "must begin and end with a letter or digit";
  }
  if (name.includes("..")) return "must not contain two adjacent dots";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "must not be formatted as an IP address";
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `must not start with the reserved prefix ${prefix}`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `must not end with the reserved suffix ${suffix}`;
  return undefined;
}

/**
 * Checks the name of an existing bucket: names created in us-east-1 before
 * March 2018 may have uppercase letters and underscores and up to 255
 * characters. Returns why it is invalid, or undefined when it is valid.
 */
export function legacyBucketNameProblem(name: string): string | undefined {
  if (bucketNameProblem(name) === undefined) return undefined;
  if (name.length < 3 || name.length > 255) return "must be 3 to 255 characters long";
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    return "may contain only letters, digits, dots, hyphens and underscores";
  }
  return undefined;
}
