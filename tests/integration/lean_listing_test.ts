// Listings read without the SDK's middleware (objectRequests().list) hold
// what the SDK's paginator gives for the same bucket on the emulator: every
// page, keys of every kind, owners when asked, a prefix.
import assert from "node:assert/strict";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { createClients } from "../../lib/aws/clients.ts";
import { objectRequests } from "../../lib/aws/object-requests.ts";
import { listObjects } from "../../lib/aws/objects.ts";
import { forEachConcurrently } from "../../lib/concurrency.ts";
import { fakeCredentials, startMoto } from "../support/moto.ts";
import { s3At } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const ODD_KEYS = [
  "a & b <c> \"d\" 'e'",
  "caf\u00e9/\u65e5\u672c\u{1F600}.txt",
  "  spaced  ",
  "plus+and%25percent=equals?query#hash",
  "tab\there",
  "dots/./and/../segments",
  "trailing/",
];

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

Deno.test("a lean listing holds what the SDK's paginator gives", async (t) => {
  const moto = await startMoto();
  const seed = s3At(moto.endpoint);
  const { s3 } = await createClients(
    { credentials: fakeCredentials, endpointUrl: moto.endpoint, region: "us-east-1" },
    ["s3"],
  );
  try {
    await seed.send(new CreateBucketCommand({ Bucket: "many" }));
    const keys = [...ODD_KEYS, ...Array.from({ length: 1003 }, (_, i) => `n/${i}`)];
    await forEachConcurrently(keys, 16, async (key) => {
      await seed.send(new PutObjectCommand({ Bucket: "many", Key: key, Body: key }));
    });
    const requests = await objectRequests(s3, "many");
    assert.ok(requests, "the emulator's bucket has lean requests");

    await t.step("every page and every key, owners asked for", async () => {
      const lean = await collect(listObjects(s3, "many", { fetchOwner: true, requests }));
      const sdk = await collect(listObjects(s3, "many", { fetchOwner: true }));
      assert.equal(lean.length, keys.length);
      assert.deepEqual(lean, sdk);
      assert.deepEqual(new Set(lean.map((object) => object.Key)), new Set(keys));
      assert.ok(lean.every((object) => object.Owner?.ID), "owners listed");
    });

    await t.step("a prefix, without owners", async () => {
      const lean = await collect(listObjects(s3, "many", { prefix: "n/1", requests }));
      const sdk = await collect(listObjects(s3, "many", { prefix: "n/1" }));
      assert.deepEqual(lean, sdk);
      // n/1, n/10 to n/19, n/100 to n/199 and n/1000 to n/1002
      assert.equal(lean.length, 1 + 10 + 100 + 3);
    });

    await t.step("a missing bucket fails as the SDK's does", async () => {
      const missing = await objectRequests(s3, "no-such-bucket");
      await assert.rejects(collect(listObjects(s3, "no-such-bucket", { requests: missing })), {
        name: "NoSuchBucket",
        $operation: "ListObjectsV2",
      });
    });
  } finally {
    seed.destroy();
    s3.destroy();
    await moto.stop();
  }
});
