// list-bucket --urls and the listed item's key order.
import assert from "node:assert/strict";
import { encodeKey, objectUrl } from "../../lib/objects/url.ts";
import { listBucketColumns, listingItem } from "../../lib/objects/listing.ts";

Deno.test("keys are percent-encoded segment by segment", () => {
  assert.equal(encodeKey("a b/c+d/é?#%.txt"), "a%20b/c%2Bd/%C3%A9%3F%23%25.txt");
  assert.equal(encodeKey("dir/"), "dir/");
});

Deno.test("a custom endpoint gets path-style URLs at that endpoint", () => {
  const url = objectUrl({
    endpoint: "http://127.0.0.1:9000/",
    region: "us-east-1",
    bucket: "bkt",
    key: "a b.txt",
  });
  assert.equal(url, "http://127.0.0.1:9000/bkt/a%20b.txt");
});

Deno.test("AWS URLs name the region; dotted buckets go path-style", () => {
  assert.equal(
    objectUrl({ region: "eu-west-1", bucket: "my-bucket", key: "x/y.txt" }),
    "https://my-bucket.s3.eu-west-1.amazonaws.com/x/y.txt",
  );
  assert.equal(
    objectUrl({ region: "us-east-1", bucket: "my.site", key: "i.html" }),
    "https://s3.us-east-1.amazonaws.com/my.site/i.html",
  );
  assert.equal(
    objectUrl({ region: "cn-north-1", bucket: "b-cn", key: "k" }),
    "https://b-cn.s3.cn-north-1.amazonaws.com.cn/k",
  );
});

Deno.test("listed objects print in the reference's key order, URL last", () => {
  const object = {
    ChecksumType: "FULL_OBJECT",
    Size: 5,
    Owner: { ID: "abc", DisplayName: "me" },
    StorageClass: "STANDARD",
    ChecksumAlgorithm: ["CRC32"],
    ETag: '"e"',
    LastModified: new Date("2020-01-01T00:00:00Z"),
    Key: "k",
  };
  const item = listingItem(object, (key) => `u/${key}`);
  assert.deepEqual(Object.keys(item), [
    "Key",
    "LastModified",
    "ETag",
    "ChecksumAlgorithm",
    "Size",
    "StorageClass",
    "Owner",
    "URL",
  ]);
  assert.deepEqual(Object.keys(item.Owner as object), ["DisplayName", "ID"]);
  assert.equal(item.URL, "u/k");
  assert.deepEqual(Object.keys(listingItem({ Key: "k", Size: 0 })), ["Key", "Size"]);
});

Deno.test("CSV/TSV columns are the reference's, URL added with --urls", () => {
  assert.deepEqual(listBucketColumns(false), [
    "Key",
    "LastModified",
    "ETag",
    "Size",
    "StorageClass",
    "Owner",
  ]);
  assert.equal(listBucketColumns(true).at(-1), "URL");
});
