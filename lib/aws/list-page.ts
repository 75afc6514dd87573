// A ListObjectsV2 page read straight from its XML into the objects a listing
// keeps, with the names and types the SDK gives them (`_Object`), without the
// document tree the SDK's parser builds and throws away for every page.

/** A listed object, as the SDK's `_Object` holds it. */
export interface ListedObject {
  Key?: string;
  LastModified?: Date;
  ETag?: string;
  ChecksumAlgorithm?: string[];
  ChecksumType?: string;
  Size?: number;
  StorageClass?: string;
  Owner?: { DisplayName?: string; ID?: string };
  RestoreStatus?: { IsRestoreInProgress?: boolean; RestoreExpiryDate?: Date };
}

/** One page: its objects, and the token of the next page when there is one. */
export interface ListPage {
  readonly objects: ListedObject[];
  readonly next?: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** XML text as characters: the five named entities and numeric character references. */
export function xmlText(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/** The texts of the `<name>` elements in `xml`, in order (S3 nests none in another of its name). */
function texts(xml: string, name: string): string[] {
  const found: string[] = [];
  const open = `<${name}>`;
  const close = `</${name}>`;
  for (let at = xml.indexOf(open); at >= 0; at = xml.indexOf(open, at)) {
    const end = xml.indexOf(close, at + open.length);
    if (end < 0) break;
    found.push(xml.slice(at + open.length, end));
    at = end + close.length;
  }
  return found;
}

function text(xml: string, name: string): string | undefined {
  const [first] = texts(xml, name);
  return first === undefined ? undefined : xmlText(first);
}

function object(xml: string): ListedObject {
  const listed: ListedObject = {};
  const key = text(xml, "Key");
  if (key !== undefined) listed.Key = key;
  const modified = text(xml, "LastModified");
  if (modified !== undefined) listed.LastModified = new Date(modified);
  const etag = text(xml, "ETag");
  if (etag !== undefined) listed.ETag = etag;
  const algorithms = texts(xml, "ChecksumAlgorithm").map(xmlText);
  if (algorithms.length > 0) listed.ChecksumAlgorithm = algorithms;
  const checksumType = text(xml, "ChecksumType");
  if (checksumType !== undefined) listed.ChecksumType = checksumType;
  const size = text(xml, "Size");
  if (size !== undefined) listed.Size = Number(size);
  const storageClass = text(xml, "StorageClass");
  if (storageClass !== undefined) listed.StorageClass = storageClass;
  const [owner] = texts(xml, "Owner");
  if (owner !== undefined) {
    listed.Owner = {};
    const displayName = text(owner, "DisplayName");
    if (displayName !== undefined) listed.Owner.DisplayName = displayName;
    const id = text(owner, "ID");
    if (id !== undefined) listed.Owner.ID = id;
  }
  const [restore] = texts(xml, "RestoreStatus");
  if (restore !== undefined) {
    listed.RestoreStatus = {};
    const inProgress = text(restore, "IsRestoreInProgress");
    if (inProgress !== undefined) listed.RestoreStatus.IsRestoreInProgress = inProgress === "true";
    const expiry = text(restore, "RestoreExpiryDate");
    if (expiry !== undefined) listed.RestoreStatus.RestoreExpiryDate = new Date(expiry);
  }
  return listed;
}

/**
 * The objects and next token of a ListObjectsV2 answer. Throws on an answer
 * that is not a listing (a proxy's page, say), as the SDK fails to read one.
 */
export function parseListPage(xml: string): ListPage {
  const start = xml.indexOf("<ListBucketResult");
  if (start < 0) {
    throw Object.assign(new Error("Deserialization error: the answer was not an S3 listing"), {
      name: "Unknown",
    });
  }
  const objects = texts(xml, "Contents").map(object);
  // The page's own fields come before the objects or after them, never inside one.
  const first = xml.indexOf("<Contents>");
  const last = xml.lastIndexOf("</Contents>");
  const outside = first < 0 ? xml : xml.slice(0, first) + xml.slice(last);
  const truncated = text(outside, "IsTruncated") === "true";
  const next = truncated ? text(outside, "NextContinuationToken") : undefined;
  return { objects, ...(next === undefined ? {} : { next }) };
}
