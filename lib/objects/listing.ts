import { type Item, pickInOrder } from "../output/listing.ts";

/** Keys of a listed object, in the order the Python tool prints them. */
export const OBJECT_KEYS = [
  "Key",
  "LastModified",
  "ETag",
  "ChecksumAlgorithm",
  "Size",
  "StorageClass",
  "Owner",
] as const;

/** Keys of an object's owner, in the reference's order. */
export const OWNER_KEYS = ["DisplayName", "ID"] as const;

/** The reference's CSV/TSV columns for list-bucket (other keys are left out of rows). */
export const LIST_BUCKET_COLUMNS = [
  "Key",
  "LastModified",
  "ETag",
  "Size",
  "StorageClass",
  "Owner",
] as const;

/** The CSV/TSV columns for list-bucket, with `URL` last when --urls is given. */
export function listBucketColumns(urls: boolean): string[] {
  return urls ? [...LIST_BUCKET_COLUMNS, "URL"] : [...LIST_BUCKET_COLUMNS];
}

/**
 * A listed object as list-bucket prints it: the reference's key order,
 * absent keys left out, the owner's keys in order, and `URL` last when
 * `urlOf` is given.
 */
export function listingItem(object: object, urlOf?: (key: string) => string): Item {
  const item = pickInOrder(object, OBJECT_KEYS);
  if (item.Owner !== undefined) item.Owner = pickInOrder(item.Owner as object, OWNER_KEYS);
  if (urlOf) item.URL = urlOf(String(item.Key));
  return item;
}
