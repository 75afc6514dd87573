// set-cors-policy, get-cors-policy, set-bucket-policy, get-bucket-policy,
// set-public-access-block, get-public-access-block and debug-bucket against the moto emulator:
// set, then get, then compare. The four families use their own buckets and run concurrently.
import assert from "node:assert/strict";
import {
  CreateBucketCommand,
  GetBucketCorsCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { formatJson } from "../../lib/output/json.ts";
import { type CliResult, runCli } from "../support/cli.ts";
import { expectedPublicPolicy } from "../support/fixtures.ts";
import { fakeCredentials, type Moto, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const ENV = {
  AWS_ACCESS_KEY_ID: fakeCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: fakeCredentials.secretAccessKey,
  AWS_REGION: "us-east-1",
};

type Cli = (args: string[], stdin?: string) => Promise<CliResult>;

function assertResult(
  result: CliResult,
  expected: { code?: number; stdout?: string; stderr?: string },
) {
  const context = JSON.stringify(result);
  assert.equal(result.code, expected.code ?? 0, context);
  assert.equal(result.stdout, expected.stdout ?? "", context);
  assert.equal(result.stderr, expected.stderr ?? "", context);
}

const DEFAULT_CORS_TEXT = `[
    {
        "ID": "set-by-s3-credentials",
        "AllowedMethods": [
            "GET"
        ],
        "AllowedOrigins": [
            "*"
        ]
    }
]
`;

const CUSTOM_CORS_TEXT = `[
    {
        "ID": "set-by-s3-credentials",
        "AllowedHeaders": [
            "Content-Type",
            "X-Amz-Date"
        ],
        "AllowedMethods": [
            "GET",
            "PUT",
            "DELETE"
        ],
        "AllowedOrigins": [
            "https://a.example",
            "https://b.example"
        ],
        "ExposeHeaders": [
            "ETag",
            "x-amz-request-id"
        ],
        "MaxAgeSeconds": 0
    }
]
`;

async function corsRoundTrip(cli: Cli, s3: S3Client) {
  assertResult(await cli(["set-cors-policy", "missing-bkt"]), {
    code: 1,
    stderr: "error: Bucket missing-bkt does not exist\n",
  });
  assertResult(await cli(["get-cors-policy", "cors-bkt"]), {
    code: 1,
    stderr: "error: Bucket cors-bkt has no CORS configuration (NoSuchCORSConfiguration)\n",
  });
  assertResult(await cli(["set-cors-policy", "cors-bkt"]), {});
  assertResult(await cli(["get-cors-policy", "cors-bkt"]), { stdout: DEFAULT_CORS_TEXT });
  // Every option, short and long forms, `-hVALUE` attached, a lower-case method.
  assertResult(
    await cli([
      "set-cors-policy",
      "cors-bkt",
      "-m",
      "GET",
      "--allowed-method",
      "put",
      "-m",
      "DELETE",
      "-h",
      "Content-Type",
      "-hX-Amz-Date",
      "-o",
      "https://a.example",
      "--allowed-origin",
      "https://b.example",
      "-e",
      "ETag",
      "--expose-header",
      "x-amz-request-id",
      "--max-age-seconds",
      "0",
    ]),
    {},
  );
  assertResult(await cli(["get-cors-policy", "cors-bkt"]), { stdout: CUSTOM_CORS_TEXT });
  // The whole configuration was replaced: one rule, and the server stored MaxAgeSeconds 0.
  const stored = await s3.send(new GetBucketCorsCommand({ Bucket: "cors-bkt" }));
  assert.equal(stored.CORSRules?.length, 1);
  assert.equal(stored.CORSRules?.[0].MaxAgeSeconds, 0);
}

async function bucketPolicyRoundTrip(cli: Cli, dir: string) {
  assertResult(await cli(["get-bucket-policy", "policy-bkt"]), {
    code: 1,
    stderr: "error: Bucket policy-bkt has no bucket policy (NoSuchBucketPolicy)\n",
  });
  // Keys out of alphabetical order: the stored order must survive the round trip.
  const custom = {
    Version: "2012-10-17",
    Statement: [{
      Sid: "ReadReports",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: ["arn:aws:s3:::policy-bkt/reports/*"],
      Condition: { Bool: { "aws:SecureTransport": "true" } },
    }],
  };
  const file = `${dir}/policy.json`;
  await Deno.writeTextFile(file, JSON.stringify(custom, null, 1));
  const customText = formatJson(custom, 4) + "\n";
  assertResult(await cli(["set-bucket-policy", "policy-bkt", "--policy-file", file]), {
    stderr: "Policy set:\n" + customText,
  });
  assertResult(await cli(["get-bucket-policy", "policy-bkt"]), { stdout: customText });

  const publicText = expectedPublicPolicy("policy-bkt") + "\n";
  assertResult(await cli(["set-bucket-policy", "policy-bkt", "--allow-all-get"]), {
    stderr: "Policy set:\n" + publicText,
  });
  assertResult(await cli(["get-bucket-policy", "policy-bkt"]), { stdout: publicText });

  assertResult(
    await cli(["set-bucket-policy", "policy-bkt", "--policy-file", "-"], JSON.stringify(custom)),
    { stderr: "Policy set:\n" + customText },
  );
  assertResult(await cli(["get-bucket-policy", "policy-bkt"]), { stdout: customText });
}

function blockText(values: [boolean, boolean, boolean, boolean]): string {
  const [a, b, c, d] = values;
  return formatJson(
    { BlockPublicAcls: a, IgnorePublicAcls: b, BlockPublicPolicy: c, RestrictPublicBuckets: d },
    4,
  ) + "\n";
}

function updatedLine(bucket: string, values: [boolean, boolean, boolean, boolean]): string {
  const [a, b, c, d] = values;
  return `Updated public access block settings for bucket '${bucket}': ` +
    `{"BlockPublicAcls": ${a}, "IgnorePublicAcls": ${b}, "BlockPublicPolicy": ${c}, ` +
    `"RestrictPublicBuckets": ${d}}\n`;
}

async function publicAccessBlockRoundTrip(cli: Cli) {
  const bucket = "pab-bkt";
  assertResult(await cli(["get-public-access-block", bucket]), {
    code: 1,
    stderr: `error: Bucket ${bucket} has no public access block configuration ` +
      "(NoSuchPublicAccessBlockConfiguration)\n",
  });
  // No configuration yet: the settings not given are false.
  assertResult(await cli(["set-public-access-block", bucket, "--block-public-acls", "true"]), {
    stderr: updatedLine(bucket, [true, false, false, false]),
  });
  assertResult(await cli(["get-public-access-block", bucket]), {
    stdout: blockText([true, false, false, false]),
  });
  // A merge: BlockPublicAcls keeps its value (the reference reset it to false).
  assertResult(
    await cli([
      "set-public-access-block",
      bucket,
      "--restrict-public-buckets",
      "TRUE",
      "--block-public-policy=true",
    ]),
    { stderr: updatedLine(bucket, [true, false, true, true]) },
  );
  assertResult(await cli(["get-public-access-block", bucket]), {
    stdout: blockText([true, false, true, true]),
  });
  assertResult(await cli(["set-public-access-block", bucket, "--allow-public-access"]), {
    stderr: updatedLine(bucket, [false, false, false, false]),
  });
  assertResult(await cli(["get-public-access-block", bucket]), {
    stdout: blockText([false, false, false, false]),
  });
}

const NO_POLICY_STATUS = "Bucket policy status: not available " +
  "(the server's GetBucketPolicyStatus answer has no PolicyStatus)";

/** The ACL section: heading, then 4-space JSON with Owner before Grants. */
function assertAclSection(stdout: string) {
  const lines = stdout.split("\n");
  assert.equal(lines[0], "Bucket ACL:", stdout);
  const end = lines.indexOf("}");
  const acl = JSON.parse(lines.slice(1, end + 1).join("\n"));
  assert.deepEqual(Object.keys(acl), ["Owner", "Grants"]);
  assert.equal(acl.Grants[0].Permission, "FULL_CONTROL");
  assert.match(lines[2], /^ {4}"Owner": \{$/);
  return lines.slice(end + 1);
}

async function debugBucketReport(cli: Cli, s3: S3Client) {
  const fresh = await cli(["debug-bucket", "debug-bkt"]);
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.equal(fresh.stderr, "");
  assert.deepEqual(assertAclSection(fresh.stdout), [
    NO_POLICY_STATUS,
    "Error checking bucket public access block: An error occurred " +
    "(NoSuchPublicAccessBlockConfiguration) when calling the GetPublicAccessBlock operation: " +
    "The public access block configuration was not found",
    "",
  ]);

  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: "debug-bkt",
      PublicAccessBlockConfiguration: { IgnorePublicAcls: true },
    }),
  );
  const configured = await cli(["debug-bucket", "debug-bkt"]);
  assert.equal(configured.code, 0, configured.stderr);
  assert.deepEqual(assertAclSection(configured.stdout), [
    NO_POLICY_STATUS,
    "Bucket public access block:",
    ...formatJson({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: false,
        IgnorePublicAcls: true,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: false,
      },
    }, 4).split("\n"),
    "",
  ]);

  const missing = await cli(["debug-bucket", "missing-bkt"]);
  const noBucket = (op: string) =>
    `An error occurred (NoSuchBucket) when calling the ${op} operation: ` +
    "The specified bucket does not exist";
  assertResult(missing, {
    code: 1,
    stdout: [
      `Error checking bucket ACL: ${noBucket("GetBucketAcl")}`,
      `Error checking bucket policy status: ${noBucket("GetBucketPolicyStatus")}`,
      `Error checking bucket public access block: ${noBucket("GetPublicAccessBlock")}`,
      "",
    ].join("\n"),
    stderr: "error: Every check of bucket missing-bkt failed\n",
  });
}

Deno.test("bucket settings commands against the emulator", async (t) => {
  const moto: Moto = await startMoto();
  const s3 = new S3Client({
    endpoint: moto.endpoint,
    region: "us-east-1",
    credentials: fakeCredentials,
    forcePathStyle: true,
  });
  const dir = await Deno.makeTempDir({ prefix: "s3c-bucket-settings-" });
  const cli: Cli = (args, stdin) =>
    runCli([...args, "--endpoint-url", moto.endpoint], { env: ENV, stdin });
  try {
    for (const bucket of ["cors-bkt", "policy-bkt", "pab-bkt", "debug-bkt"]) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }
    const families = {
      "set-cors-policy / get-cors-policy: defaults, then a custom rule": () =>
        corsRoundTrip(cli, s3),
      "set-bucket-policy / get-bucket-policy: a file, --allow-all-get, stdin": () =>
        bucketPolicyRoundTrip(cli, dir),
      "set-public-access-block / get-public-access-block: merges": () =>
        publicAccessBlockRoundTrip(cli),
      "debug-bucket: sections, moto's missing policy status, a missing bucket": () =>
        debugBucketReport(cli, s3),
    };
    const outcomes = await Promise.allSettled(Object.values(families).map((run) => run()));
    for (const [i, name] of Object.keys(families).entries()) {
      await t.step(name, () => {
        const outcome = outcomes[i];
        if (outcome.status === "rejected") throw outcome.reason;
      });
    }
  } finally {
    s3.destroy();
    await Deno.remove(dir, { recursive: true });
    await moto.stop();
  }
});
