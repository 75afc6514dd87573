// create -c whose bucket settings fail after CreateBucket: the bucket stays and is named.
import assert from "node:assert/strict";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { FAKE_KEYS_ENV, linesOf, runCli } from "../support/cli.ts";
import { startFaultProxy } from "../support/fault_proxy.ts";
import { fakeCredentials, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const CASES = [
  { operation: "PutBucketTagging", query: "?tagging=", flags: ["--tag", "team=data"] },
  { operation: "PutBucketPolicy", query: "?policy=", flags: ["--public"] },
  { operation: "PutBucketWebsite", query: "?website=", flags: ["--website"] },
];

Deno.test("create -c: a bucket setting that fails names the bucket left behind", async (t) => {
  const moto = await startMoto();
  const s3 = new S3Client({
    endpoint: moto.endpoint,
    region: "us-east-1",
    credentials: fakeCredentials,
    forcePathStyle: true,
  });
  try {
    for (const { operation, query, flags } of CASES) {
      await t.step(`${operation} refused`, async () => {
        const bucket = `left-${operation.toLowerCase()}`;
        const proxy = startFaultProxy(
          moto.endpoint,
          (request) =>
            request.method === "PUT" && request.target === `/${bucket}/${query}`
              ? { kind: "status", status: 403 }
              : { kind: "pass" },
        );
        try {
          const result = await runCli(
            ["create", bucket, "-c", ...flags, "--endpoint-url", proxy.url],
            { env: FAKE_KEYS_ENV },
          );
          assert.equal(result.code, 1, result.stderr);
          assert.equal(result.stdout, "");
          const lines = linesOf(result.stderr);
          assert.ok(
            lines.includes(`This run created bucket ${bucket}; it is left in place`),
            result.stderr,
          );
          assert.match(lines.at(-1)!, new RegExp(`^error: .* calling the ${operation} operation`));
          // The run stopped at the bucket: no user was made.
          assert.deepEqual(proxy.log.filter((entry) => entry.request.action), []);
          await s3.send(new HeadBucketCommand({ Bucket: bucket }));
        } finally {
          await proxy.close();
        }
      });
    }
  } finally {
    s3.destroy();
    await moto.stop();
  }
});
