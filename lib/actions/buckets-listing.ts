import {
  type Bucket,
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketWebsiteCommand,
  paginateListBuckets,
} from "@aws-sdk/client-s3";
import type { ListedBucket } from "../output/account-listings.ts";
import type { AwsClients } from "../aws/clients.ts";
import { httpStatusOf, isAwsError } from "../aws/service-errors.ts";
import { itemsOf } from "../aws/paginate.ts";
import { mapAhead } from "../concurrency.ts";
import { getPublicAccessBlock } from "./public-access.ts";

/**
 * ListBuckets' largest page. Asking for pages at all matters: AWS refuses
 * unpaginated ListBuckets for accounts allowed more than 10,000 buckets.
 */
const PAGE_SIZE = 10_000;
/** Buckets whose details are fetched at the same time (output order is kept). */
const DETAILS_AHEAD = 8;

export interface ListBucketsRequest {
  /** Only these buckets (in AWS's order, unknown names ignored); all when empty. */
  readonly names: readonly string[];
  /** Add region, ACL, public access block and website configuration. */
  readonly details: boolean;
}

/**
 * The account's buckets, page by page; with `details`, each bucket also
 * gets its region, ACL, public access block (null when it has none) and
 * website configuration (null when it is not a website), the last three
 * asked of the bucket's own region.
 */
export function listBuckets(
  clients: Pick<AwsClients, "s3" | "s3ForRegion">,
  request: ListBucketsRequest,
): AsyncGenerator<ListedBucket> {
  const wanted = new Set(request.names);
  const buckets = itemsOf(
    paginateListBuckets({ client: clients.s3, pageSize: PAGE_SIZE }, {}),
    (page) =>
      page.Buckets?.filter((bucket) => wanted.size === 0 || wanted.has(bucket.Name!))
        .map((bucket) => ({ bucket })),
  );
  if (!request.details) return buckets;
  return mapAhead(buckets, DETAILS_AHEAD, ({ bucket }) => bucketDetails(clients, bucket));
}

/** The region GetBucketLocation names: none means us-east-1, the legacy `EU` is eu-west-1. */
export function regionOfLocation(constraint: string | undefined): string {
  if (!constraint) return "us-east-1";
  return constraint === "EU" ? "eu-west-1" : constraint;
}

async function bucketDetails(
  clients: Pick<AwsClients, "s3" | "s3ForRegion">,
  bucket: Bucket,
): Promise<ListedBucket> {
  const name = bucket.Name as string;
  const { LocationConstraint } = await clients.s3.send(
    new GetBucketLocationCommand({ Bucket: name }),
  );
  const region = regionOfLocation(LocationConstraint);
  // The bucket's own region answers without a redirect.
  const s3 = clients.s3ForRegion(region);
  const [acl, publicAccessBlock, website] = await Promise.all([
    s3.send(new GetBucketAclCommand({ Bucket: name })),
    absentAsNull(getPublicAccessBlock(s3, name).then((config) => config ?? null)),
    absentAsNull(s3.send(new GetBucketWebsiteCommand({ Bucket: name }))),
  ]);
  return {
    bucket,
    details: {
      region,
      acl: { Owner: acl.Owner, Grants: acl.Grants },
      publicAccessBlock,
      website,
    },
  };
}

/**
 * Null when the bucket has no such configuration, or the S3-compatible
 * server does not implement it; other failures (access denied) are errors.
 */
async function absentAsNull<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (
      isAwsError(error, "NoSuchWebsiteConfiguration", "NoSuchPublicAccessBlockConfiguration") ||
      isAwsError(error, "NotImplemented") || httpStatusOf(error) === 501
    ) {
      return null;
    }
    throw error;
  }
}
