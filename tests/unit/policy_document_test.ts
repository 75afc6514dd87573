// IAM's URL-encoded policy documents.
import assert from "node:assert/strict";
import { decodePolicyDocument, percentDecode } from "../../lib/policy/policy-document.ts";

Deno.test("a URL-encoded document is decoded and parsed, keeping its own key order", () => {
  const encoded = encodeURIComponent('{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}');
  assert.deepEqual(decodePolicyDocument(encoded), {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow" }],
  });
  const reversed = decodePolicyDocument("%7B%22b%22%3A1%2C%22a%22%3A2%7D") as object;
  assert.deepEqual(Object.keys(reversed), ["b", "a"]);
});

Deno.test("a document that arrives already decoded parses the same way", () => {
  assert.deepEqual(decodePolicyDocument('{"Statement": [], "Version": "2012-10-17"}'), {
    Statement: [],
    Version: "2012-10-17",
  });
});

Deno.test("non-ASCII text is decoded from UTF-8 bytes; + stays a plus", () => {
  assert.deepEqual(decodePolicyDocument("%7B%22Sid%22%3A%22caf%C3%A9+1%22%7D"), { Sid: "café+1" });
});

Deno.test("what is not JSON is returned as the raw string", () => {
  assert.equal(decodePolicyDocument("not%20json"), "not%20json");
  assert.equal(decodePolicyDocument(""), "");
});

Deno.test("percentDecode never throws: stray % signs stay, invalid UTF-8 becomes U+FFFD", () => {
  assert.equal(percentDecode("100% sure %zz %4"), "100% sure %zz %4");
  assert.equal(percentDecode("a%FFb"), "a\uFFFDb");
  assert.equal(percentDecode("%E2%82%AC%20"), "€ ");
  assert.deepEqual(decodePolicyDocument('{"Sid": "100% sure"}'), { Sid: "100% sure" });
});
