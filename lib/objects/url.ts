/** A key with every path segment percent-encoded, the `/` between them kept. */
export function encodeKey(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

/**
 * The URL of object `key` in `bucket`: at a custom endpoint path-style
 * (`{endpoint}/{bucket}/{key}`, the addressing the client uses there); on
 * AWS the regional virtual-hosted URL, or path-style for bucket names with
 * dots (which do not match the wildcard TLS certificate). The key is
 * percent-encoded.
 */
export function objectUrl(
  options: { endpoint?: string; region: string; bucket: string; key: string },
): string {
  const { endpoint, region, bucket, key } = options;
  const path = encodeKey(key);
  if (endpoint) return `${endpoint.replace(/\/+$/, "")}/${encodeURIComponent(bucket)}/${path}`;
  const domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  if (bucket.includes(".")) return `https://s3.${region}.${domain}/${bucket}/${path}`;
  return `https://${bucket}.s3.${region}.${domain}/${path}`;
}
