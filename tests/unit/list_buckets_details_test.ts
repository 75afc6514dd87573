// list-buckets, call by call: paging, the name filter, and what --details asks
// each bucket's own region for, with absent configurations as null.
import assert from "node:assert/strict";
import {
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { listBuckets, regionOfLocation } from "../../lib/actions/buckets-listing.ts";
import type { ListedBucket } from "../../lib/output/account-listings.ts";
import { bucketRow } from "../../lib/output/account-rows.ts";
import { formatJson } from "../../lib/output/json.ts";
import { toPythonJsonValue } from "../../lib/output/time.ts";
import { accessDenied } from "../support/aws_mocks.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const CREATED = new Date("2020-01-01T00:00:00Z");

function s3Error(name: string, status: number) {
  return Object.assign(new Error(`${name} message`), {
    name,
    $fault: "client",
    $metadata: { httpStatusCode: status },
  });
}

function setup() {
  const s3 = new S3Client({ region: "us-east-1", credentials });
  const s3Eu = new S3Client({ region: "eu-west-1", credentials });
  const home = mockClient(s3);
  const eu = mockClient(s3Eu);
  const regionsAsked: string[] = [];
  const clients = {
    s3,
    s3ForRegion(region: string | undefined) {
      regionsAsked.push(region!);
      if (region === "us-east-1") return s3;
      if (region === "eu-west-1") return s3Eu;
      throw new Error(`no client for ${region}`);
    },
  };
  return { clients, home, eu, regionsAsked };
}

async function collect(buckets: AsyncIterable<ListedBucket>) {
  const all = [];
  // Shaped as list-buckets shapes them.
  for await (const bucket of buckets) all.push(bucketRow(bucket));
  return all;
}

Deno.test("buckets come page by page in AWS's order, filtered by name, Name and CreationDate only", async () => {
  const { clients, home } = setup();
  home.on(ListBucketsCommand).resolvesOnce({
    Buckets: [
      { Name: "a", CreationDate: CREATED, BucketRegion: "us-east-1" },
      { Name: "b", CreationDate: CREATED },
    ],
    ContinuationToken: "next",
  }).resolves({ Buckets: [{ Name: "c", CreationDate: CREATED }] });
  const all = await collect(listBuckets(clients, { names: [], details: false }));
  assert.deepEqual(all.map((b) => b.Name), ["a", "b", "c"]);
  assert.deepEqual(Object.keys(all[0]), ["Name", "CreationDate"]);
  const inputs = home.commandCalls(ListBucketsCommand).map((call) => call.args[0].input);
  assert.equal(inputs[0].MaxBuckets, 10_000, "paginated requests, as AWS wants for big accounts");
  assert.equal(inputs[1].ContinuationToken, "next");

  home.reset();
  home.on(ListBucketsCommand).resolves({
    Buckets: [{ Name: "a", CreationDate: CREATED }, { Name: "b", CreationDate: CREATED }],
  });
  const some = await collect(listBuckets(clients, { names: ["b", "zzz", "a"], details: false }));
  assert.deepEqual(some.map((b) => b.Name), ["a", "b"], "AWS's order; unknown names ignored");
});

Deno.test("--details: the bucket's region is asked for ACL, public access block and website", async () => {
  const { clients, home, eu, regionsAsked } = setup();
  home.on(ListBucketsCommand).resolves({
    Buckets: [{ Name: "web-eu", CreationDate: CREATED }, { Name: "plain", CreationDate: CREATED }],
  });
  home.on(GetBucketLocationCommand, { Bucket: "web-eu" }).resolves({ LocationConstraint: "EU" });
  home.on(GetBucketLocationCommand, { Bucket: "plain" }).resolves({});
  eu.on(GetBucketAclCommand).resolves({
    Grants: [{ Permission: "FULL_CONTROL", Grantee: { Type: "CanonicalUser", ID: "owner" } }],
    Owner: { ID: "owner" },
  });
  eu.on(GetPublicAccessBlockCommand).resolves({
    PublicAccessBlockConfiguration: {
      RestrictPublicBuckets: false,
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: false,
    },
  });
  eu.on(GetBucketWebsiteCommand).resolves({
    ErrorDocument: { Key: "error.html" },
    IndexDocument: { Suffix: "index.html" },
  });
  home.on(GetBucketAclCommand).resolves({ Owner: { ID: "owner" }, Grants: [] });
  home.on(GetPublicAccessBlockCommand).rejects(
    s3Error("NoSuchPublicAccessBlockConfiguration", 404),
  );
  home.on(GetBucketWebsiteCommand).rejects(s3Error("NoSuchWebsiteConfiguration", 404));

  const [web, plain] = await collect(listBuckets(clients, { names: [], details: true }));
  assert.deepEqual(regionsAsked, ["eu-west-1", "us-east-1"]);
  assert.equal(
    formatJson(toPythonJsonValue(web), 2),
    `{
  "Name": "web-eu",
  "CreationDate": "2020-01-01 00:00:00+00:00",
  "region": "eu-west-1",
  "bucket_acl": {
    "Owner": {
      "ID": "owner"
    },
    "Grants": [
      {
        "Grantee": {
          "ID": "owner",
          "Type": "CanonicalUser"
        },
        "Permission": "FULL_CONTROL"
      }
    ]
  },
  "public_access_block": {
    "BlockPublicAcls": true,
    "IgnorePublicAcls": true,
    "BlockPublicPolicy": false,
    "RestrictPublicBuckets": false
  },
  "bucket_website": {
    "IndexDocument": {
      "Suffix": "index.html"
    },
    "ErrorDocument": {
      "Key": "error.html"
    },
    "url": "http://web-eu.s3-website-eu-west-1.amazonaws.com/"
  }
}`,
  );
  assert.equal(plain.region, "us-east-1");
  assert.equal(plain.public_access_block, null);
  assert.equal(plain.bucket_website, null);
  assert.ok("public_access_block" in plain && "bucket_website" in plain, "printed as null");
});

Deno.test("--details: a server without the feature (501) counts as absent", async () => {
  const { clients, home, regionsAsked } = setup();
  // us-west-1 has no client of its own here: the test's s3ForRegion falls back to the home one.
  clients.s3ForRegion = (region) => (regionsAsked.push(region!), clients.s3);
  home.on(ListBucketsCommand).resolves({ Buckets: [{ Name: "b", CreationDate: CREATED }] });
  home.on(GetBucketLocationCommand).resolves({ LocationConstraint: "us-west-1" });
  home.on(GetBucketAclCommand).resolves({ Owner: { ID: "o" }, Grants: [] });
  home.on(GetPublicAccessBlockCommand).rejects(s3Error("NotImplemented", 501));
  home.on(GetBucketWebsiteCommand).rejects(s3Error("Unknown", 501));
  const [bucket] = await collect(listBuckets(clients, { names: [], details: true }));
  assert.equal(bucket.public_access_block, null);
  assert.equal(bucket.bucket_website, null);
  assert.equal(bucket.region, "us-west-1");
  assert.deepEqual(regionsAsked, ["us-west-1"]);
});

Deno.test("--details: access denied is an error, not a missing configuration", async () => {
  const { clients, home } = setup();
  home.on(ListBucketsCommand).resolves({ Buckets: [{ Name: "b", CreationDate: CREATED }] });
  home.on(GetBucketLocationCommand).resolves({});
  home.on(GetBucketAclCommand).resolves({ Owner: { ID: "o" }, Grants: [] });
  home.on(GetPublicAccessBlockCommand).rejects(
    s3Error("NoSuchPublicAccessBlockConfiguration", 404),
  );
  home.on(GetBucketWebsiteCommand).rejects(accessDenied("Access Denied"));
  await assert.rejects(
    collect(listBuckets(clients, { names: [], details: true })),
    (e: Error) => e.name === "AccessDenied",
  );
});

Deno.test("GetBucketLocation's constraint as a region", () => {
  assert.equal(regionOfLocation(undefined), "us-east-1");
  assert.equal(regionOfLocation(""), "us-east-1");
  assert.equal(regionOfLocation("EU"), "eu-west-1");
  assert.equal(regionOfLocation("ap-south-1"), "ap-south-1");
});
