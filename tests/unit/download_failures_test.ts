// Which failures of one download stop a get-objects run, and how the others read.
import assert from "node:assert/strict";
import { downloadFailureLine, stopsDownloads } from "../../lib/transfer/download-failures.ts";

const serviceError = (name: string, status: number, message = name) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const networkError = (code: string) => Object.assign(new TypeError("fetch failed"), { code });

Deno.test("the bucket, the credentials and an unreachable endpoint stop the run", () => {
  for (
    const error of [
      serviceError("NoSuchBucket", 404),
      serviceError("InvalidAccessKeyId", 403),
      serviceError("SignatureDoesNotMatch", 403),
      serviceError("ExpiredToken", 400),
      Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      }),
      networkError("ECONNREFUSED"),
      networkError("ENOTFOUND"),
      Object.assign(new Error("no response within 15 s"), { name: "TimeoutError" }),
    ]
  ) assert.equal(stopsDownloads(error), true, error.name);
});

Deno.test("a key's own failures do not", () => {
  for (
    const error of [
      serviceError("NoSuchKey", 404),
      serviceError("AccessDenied", 403),
      serviceError("InternalError", 500),
      new Deno.errors.IsADirectory("Is a directory (os error 21)"),
      Object.assign(new Error("File name too long (os error 36)"), { code: "ENAMETOOLONG" }),
      networkError("ECONNRESET"),
    ]
  ) assert.equal(stopsDownloads(error), false, error.message);
});

Deno.test("failure lines: missing keys as the reference words them, others with the reason", () => {
  assert.equal(downloadFailureLine("a.txt", serviceError("NoSuchKey", 404)), "Not found: a.txt");
  assert.equal(
    downloadFailureLine("a.txt", new Deno.errors.IsADirectory("Is a directory (os error 21)")),
    "Failed: a.txt (Is a directory (os error 21))",
  );
});
