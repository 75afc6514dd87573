import assert from "node:assert/strict";
import { NoSuchEntityException } from "@aws-sdk/client-iam";
import { NotFound, S3ServiceException } from "@aws-sdk/client-s3";
import { describeAwsError } from "../../lib/aws/describe-error.ts";

/** Marks `error` as the client factory's middleware does. */
function failedIn<E extends Error>(operation: string, error: E): E {
  return Object.assign(error, { $operation: operation });
}

Deno.test("describeAwsError: a service error names its code, operation and message", () => {
  const error = new S3ServiceException({
    name: "NoSuchCORSConfiguration",
    $fault: "client",
    $metadata: { httpStatusCode: 404 },
    message: "The CORS configuration does not exist",
  });
  assert.equal(
    describeAwsError(failedIn("GetBucketCors", error)),
    "An error occurred (NoSuchCORSConfiguration) when calling the GetBucketCors operation: " +
      "The CORS configuration does not exist",
  );
});

Deno.test("describeAwsError: IAM errors show the service's code, not the class name", () => {
  // As the SDK raises it for an IAM (query protocol) error: `Code` is what AWS sent.
  const error = Object.assign(
    new NoSuchEntityException({
      message: "The role with name r cannot be found.",
      $metadata: { httpStatusCode: 404 },
    }),
    { Code: "NoSuchEntity" },
  );
  assert.equal(
    describeAwsError(failedIn("GetRole", error)),
    "An error occurred (NoSuchEntity) when calling the GetRole operation: " +
      "The role with name r cannot be found.",
  );
});

Deno.test("describeAwsError: a HEAD 404 without a body reads as the status", () => {
  const error = new NotFound({ message: "UnknownError", $metadata: { httpStatusCode: 404 } });
  assert.equal(
    describeAwsError(failedIn("HeadBucket", error)),
    "An error occurred (404) when calling the HeadBucket operation: Not Found",
  );
  const empty = Object.assign(new Error(""), {
    name: "Forbidden",
    $metadata: { httpStatusCode: 403 },
  });
  assert.equal(
    describeAwsError(failedIn("HeadObject", empty)),
    "An error occurred (403) when calling the HeadObject operation: Forbidden",
  );
});

Deno.test("describeAwsError: missing credentials get the line that says what to pass", () => {
  const error = Object.assign(new Error("Could not load credentials from any providers"), {
    name: "CredentialsProviderError",
  });
  assert.equal(
    describeAwsError(error),
    "no AWS credentials found: pass --access-key and --secret-key, --auth FILE or " +
      "--profile NAME, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
  );
});

Deno.test("describeAwsError: a refused connection names the operation", () => {
  const error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), {
    code: "ECONNREFUSED",
  });
  assert.equal(
    describeAwsError(failedIn("ListBuckets", error)),
    "cannot reach the AWS endpoint (ListBuckets): connection refused",
  );
  const wrapped = new Error("fetch failed", { cause: { code: "ECONNREFUSED" } });
  assert.equal(describeAwsError(wrapped), "cannot reach the AWS endpoint: connection refused");
});

Deno.test("describeAwsError: errors that are not from AWS are left alone", () => {
  assert.equal(describeAwsError(new Error("boom")), undefined);
  assert.equal(describeAwsError(new TypeError("x is not a function")), undefined);
  assert.equal(describeAwsError("a string"), undefined);
  assert.equal(describeAwsError(undefined), undefined);
});

Deno.test("describeAwsError: an answer the SDK could not read is named by its status", () => {
  const error = Object.assign(
    new Error("XML parse error: unexpected <html>\n  Deserialization error: to see the raw body"),
    { name: "Error", $metadata: { httpStatusCode: 502 }, $operation: "GetObject" },
  );
  assert.equal(
    describeAwsError(error),
    "An error occurred (502) when calling the GetObject operation: Bad Gateway " +
      "(the answer was not an AWS response)",
  );
});

Deno.test("describeAwsError keeps a several-line service message on one line", () => {
  const error = Object.assign(new Error("The request was refused.\n  Try again later."), {
    name: "SlowDown",
    $metadata: { httpStatusCode: 503 },
    $operation: "PutObject",
  });
  assert.equal(
    describeAwsError(error),
    "An error occurred (SlowDown) when calling the PutObject operation: " +
      "The request was refused. Try again later.",
  );
});
