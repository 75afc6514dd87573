/**
 * The address of a bucket's S3 static website. Pure: no I/O.
 *
 * @module
 */

/**
 * Regions whose website endpoint is `s3-website-{region}` (a dash); every
 * other region uses `s3-website.{region}` (a dot). The reference tool used
 * the dot for every region, which gives a wrong address for these.
 */
export const DASH_WEBSITE_REGIONS: ReadonlySet<string> = new Set([
  "us-east-1",
  "us-west-1",
  "us-west-2",
  "eu-west-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "sa-east-1",
  "us-gov-west-1",
]);

/**
 * The website URL of `bucket` in `region`, e.g.
 * `http://my-bucket.s3-website-us-east-1.amazonaws.com/` or
 * `http://my-bucket.s3-website.eu-central-1.amazonaws.com/` (China regions
 * end in `amazonaws.com.cn`).
 */
export function websiteUrl(bucket: string, region: string): string {
  const separator = DASH_WEBSITE_REGIONS.has(region) ? "-" : ".";
  const domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `http://${bucket}.s3-website${separator}${region}.${domain}/`;
}
