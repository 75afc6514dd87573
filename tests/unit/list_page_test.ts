// A ListObjectsV2 page read by parseListPage holds what the SDK's own
// deserializer makes of the same answer: the SDK is run over the same bytes
// through a request handler that answers with them.
import assert from "node:assert/strict";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { parseListPage, xmlText } from "../../lib/aws/list-page.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

/** What the SDK makes of `xml` as a ListObjectsV2 answer. */
async function sdkPage(xml: string) {
  const s3 = new S3Client({
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    requestHandler: {
      handle: () =>
        Promise.resolve({
          response: {
            statusCode: 200,
            headers: { "content-type": "application/xml" },
            body: new Blob([xml]).stream(),
          },
        }),
    } as never,
  });
  try {
    return await s3.send(new ListObjectsV2Command({ Bucket: "bkt" }));
  } finally {
    s3.destroy();
  }
}

function contents(fields: string): string {
  return `<Contents>${fields}</Contents>`;
}

const PAGE = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bkt</Name><Prefix></Prefix>` +
  `<KeyCount>4</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>` +
  contents(
    `<Key>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</Key>` +
      `<LastModified>2026-01-02T03:04:05.678Z</LastModified><ETag>&quot;abc&quot;</ETag>` +
      `<ChecksumAlgorithm>CRC32</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType>` +
      `<Size>12345678901</Size><StorageClass>STANDARD</StorageClass>`,
  ) +
  contents(
    `<Key>line&#13;&#10;feed &#x263A; caf\u00e9 \u65e5\u672c/%2F+ x</Key>` +
      `<LastModified>2026-01-02T03:04:05.000Z</LastModified><ETag>"e-2"</ETag>` +
      `<ChecksumAlgorithm>CRC32</ChecksumAlgorithm><ChecksumAlgorithm>SHA256</ChecksumAlgorithm>` +
      `<Size>0</Size><Owner><DisplayName>me &amp; you</DisplayName><ID>0123abc</ID></Owner>` +
      `<StorageClass>GLACIER</StorageClass><RestoreStatus><IsRestoreInProgress>false` +
      `</IsRestoreInProgress><RestoreExpiryDate>2026-02-01T00:00:00.000Z</RestoreExpiryDate>` +
      `</RestoreStatus>`,
  ) +
  contents(
    `<Key>  spaced key  </Key><LastModified>2026-01-02T03:04:05Z</LastModified>` +
      `<ETag>"x"</ETag><Size>4</Size><StorageClass>STANDARD</StorageClass>`,
  ) +
  contents(`<Key>owner-only</Key><Size>1</Size><Owner><ID>id-only</ID></Owner>`) +
  `<NextContinuationToken>token+/=&amp;</NextContinuationToken></ListBucketResult>`;

Deno.test("parseListPage reads every field as the SDK does, entities and all", async () => {
  const ours = parseListPage(PAGE);
  const sdk = await sdkPage(PAGE);
  assert.equal(ours.objects.length, 4);
  assert.deepEqual(ours.objects, sdk.Contents);
  assert.equal(ours.next, sdk.NextContinuationToken);
  assert.equal(ours.next, "token+/=&");
  assert.equal(ours.objects[1].Key, "line\r\nfeed \u263A caf\u00e9 \u65e5\u672c/%2F+ x");
});

Deno.test("parseListPage keeps a character beyond U+FFFF written as a reference (the SDK drops it)", async () => {
  const page = PAGE.replace("&#x263A;", "&#x1F600;");
  assert.equal(
    parseListPage(page).objects[1].Key,
    "line\r\nfeed \u{1F600} caf\u00e9 \u65e5\u672c/%2F+ x",
  );
  const sdkKey = (await sdkPage(page)).Contents?.[1].Key;
  assert.notEqual(sdkKey, parseListPage(page).objects[1].Key);
});

Deno.test("parseListPage: the last page has no next token, an empty page no objects", async () => {
  const last = PAGE.replace("<IsTruncated>true", "<IsTruncated>false").replace(
    /<NextContinuationToken>.*<\/NextContinuationToken>/,
    "",
  );
  assert.equal(parseListPage(last).next, undefined);
  assert.equal((await sdkPage(last)).NextContinuationToken, undefined);
  const empty = `<ListBucketResult><Name>bkt</Name><KeyCount>0</KeyCount>` +
    `<IsTruncated>false</IsTruncated></ListBucketResult>`;
  assert.deepEqual(parseListPage(empty), { objects: [] });
  assert.equal((await sdkPage(empty)).Contents, undefined);
});

Deno.test("parseListPage refuses an answer that is not a listing", () => {
  assert.throws(() => parseListPage("<html><body>proxy error</body></html>"), /not an S3 listing/);
});

Deno.test("xmlText leaves unknown entities and plain text as they are", () => {
  assert.equal(xmlText("plain"), "plain");
  assert.equal(xmlText("&unknown; &#65;&#x42;"), "&unknown; AB");
});
