// debug-bucket: each check independent of the others, responses in the reference's key order,
// and a GetBucketPolicyStatus answer without a status shown as "not available".
Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

import assert from "node:assert/strict";
import {
  GetBucketAclCommand,
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand,
} from "@aws-sdk/client-s3";
import { diagnoseBucket } from "../../lib/actions/debug-bucket.ts";
import { renderDiagnostics } from "../../lib/cli/commands/debug-bucket.ts";
import { accessDenied, fakeAws } from "../support/aws_mocks.ts";

type Aws = ReturnType<typeof fakeAws>;

// Keys deliberately out of the reference's order: the output must reorder them.
const ACL_RESPONSE = {
  Grants: [{
    Permission: "FULL_CONTROL" as const,
    Grantee: { Type: "CanonicalUser" as const, ID: "abc123", DisplayName: "owner" },
  }],
  Owner: { ID: "abc123", DisplayName: "owner" },
};

const ACL_TEXT = `Bucket ACL:
{
    "Owner": {
        "DisplayName": "owner",
        "ID": "abc123"
    },
    "Grants": [
        {
            "Grantee": {
                "DisplayName": "owner",
                "ID": "abc123",
                "Type": "CanonicalUser"
            },
            "Permission": "FULL_CONTROL"
        }
    ]
}
`;

const POLICY_STATUS_TEXT = `Bucket policy status:
{
    "PolicyStatus": {
        "IsPublic": false
    }
}
`;

const PUBLIC_ACCESS_BLOCK_TEXT = `Bucket public access block:
{
    "PublicAccessBlockConfiguration": {
        "BlockPublicAcls": true,
        "IgnorePublicAcls": false,
        "BlockPublicPolicy": true,
        "RestrictPublicBuckets": false
    }
}
`;

function answerAll(aws: Aws) {
  aws.s3.on(GetBucketAclCommand).resolves({ ...ACL_RESPONSE, $metadata: { httpStatusCode: 200 } });
  aws.s3.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: false } });
  aws.s3.on(GetPublicAccessBlockCommand).resolves({
    PublicAccessBlockConfiguration: {
      RestrictPublicBuckets: false,
      BlockPublicPolicy: true,
      IgnorePublicAcls: false,
      BlockPublicAcls: true,
    },
  });
}

/** An error as the client factory's middleware tags it (it names the failed operation). */
function failure(name: string, message: string, operation: string, status = 403) {
  return Object.assign(new Error(message), {
    name,
    $fault: "client",
    $metadata: { httpStatusCode: status },
    $operation: operation,
  });
}

Deno.test("debug-bucket: every check answered, each printed in the reference's layout", async () => {
  const aws = fakeAws();
  answerAll(aws);
  const report = renderDiagnostics(await diagnoseBucket(aws.deps.clients.s3, "bkt"));
  assert.equal(report, ACL_TEXT + POLICY_STATUS_TEXT + PUBLIC_ACCESS_BLOCK_TEXT);
  assert.deepEqual(aws.sent().map((c) => [c.op, c.input]), [
    ["s3:GetBucketAcl", { Bucket: "bkt" }],
    ["s3:GetBucketPolicyStatus", { Bucket: "bkt" }],
    ["s3:GetPublicAccessBlock", { Bucket: "bkt" }],
  ]);
});

Deno.test("debug-bucket: a failing ACL check leaves the other two printed", async () => {
  const aws = fakeAws();
  answerAll(aws);
  aws.s3.on(GetBucketAclCommand).rejects(
    failure("AccessDenied", "Access Denied", "GetBucketAcl"),
  );
  const report = renderDiagnostics(await diagnoseBucket(aws.deps.clients.s3, "bkt"));
  assert.equal(
    report,
    "Error checking bucket ACL: An error occurred (AccessDenied) when calling the GetBucketAcl " +
      "operation: Access Denied\n" + POLICY_STATUS_TEXT + PUBLIC_ACCESS_BLOCK_TEXT,
  );
});

Deno.test("debug-bucket: a failing policy status check leaves the other two printed", async () => {
  const aws = fakeAws();
  answerAll(aws);
  aws.s3.on(GetBucketPolicyStatusCommand).rejects(
    failure("NoSuchBucketPolicy", "The bucket policy does not exist", "GetBucketPolicyStatus", 404),
  );
  const report = renderDiagnostics(await diagnoseBucket(aws.deps.clients.s3, "bkt"));
  assert.equal(
    report,
    ACL_TEXT +
      "Error checking bucket policy status: An error occurred (NoSuchBucketPolicy) when calling " +
      "the GetBucketPolicyStatus operation: The bucket policy does not exist\n" +
      PUBLIC_ACCESS_BLOCK_TEXT,
  );
});

Deno.test("debug-bucket: no public access block is one line, the reference's text", async () => {
  const aws = fakeAws();
  answerAll(aws);
  aws.s3.on(GetPublicAccessBlockCommand).rejects(
    failure(
      "NoSuchPublicAccessBlockConfiguration",
      "The public access block configuration was not found",
      "GetPublicAccessBlock",
      404,
    ),
  );
  const report = renderDiagnostics(await diagnoseBucket(aws.deps.clients.s3, "bkt"));
  assert.equal(
    report,
    ACL_TEXT + POLICY_STATUS_TEXT +
      "Error checking bucket public access block: An error occurred " +
      "(NoSuchPublicAccessBlockConfiguration) when calling the GetPublicAccessBlock operation: " +
      "The public access block configuration was not found\n",
  );
});

Deno.test("debug-bucket: an error that is not AWS's still fits on one line", async () => {
  const aws = fakeAws();
  answerAll(aws);
  aws.s3.on(GetBucketAclCommand).rejects(new Error("socket hang up\n    at somewhere"));
  const diagnostics = await diagnoseBucket(aws.deps.clients.s3, "bkt");
  assert.deepEqual(diagnostics.acl, { kind: "failed", error: "socket hang up" });
  assert.equal(diagnostics.policyStatus.kind, "ok");
});

for (
  const [label, response] of [
    ["no PolicyStatus at all", {}],
    ["an empty PolicyStatus (moto's bucket listing, parsed)", { PolicyStatus: {} }],
  ] as const
) {
  Deno.test(`debug-bucket: policy status with ${label} is "not available"`, async () => {
    const aws = fakeAws();
    answerAll(aws);
    aws.s3.on(GetBucketPolicyStatusCommand).resolves(response);
    const report = renderDiagnostics(await diagnoseBucket(aws.deps.clients.s3, "bkt"));
    assert.equal(
      report,
      ACL_TEXT +
        "Bucket policy status: not available (the server's GetBucketPolicyStatus answer has no " +
        "PolicyStatus)\n" + PUBLIC_ACCESS_BLOCK_TEXT,
    );
  });
}

Deno.test("debug-bucket: all three failing are all reported", async () => {
  const aws = fakeAws();
  aws.s3.on(GetBucketAclCommand).rejects(accessDenied("a"));
  aws.s3.on(GetBucketPolicyStatusCommand).rejects(accessDenied("b"));
  aws.s3.on(GetPublicAccessBlockCommand).rejects(accessDenied("c"));
  const diagnostics = await diagnoseBucket(aws.deps.clients.s3, "bkt");
  assert.deepEqual(
    [diagnostics.acl, diagnostics.policyStatus, diagnostics.publicAccessBlock].map((r) => r.kind),
    ["failed", "failed", "failed"],
  );
  assert.equal(renderDiagnostics(diagnostics).split("\n").filter(Boolean).length, 3);
});
