// set-cors-policy's rule (with --max-age-seconds 0 kept, which the reference dropped) and its
// value parsers; get-cors-policy's rendering.
import assert from "node:assert/strict";
import { renderCorsRules } from "../../lib/cli/commands/get-cors-policy.ts";
import { corsRule, parseCorsMethod, parseMaxAgeSeconds } from "../../lib/bucket/cors.ts";

Deno.test("CORS rule: GET from any origin by default, no headers, no max age", () => {
  assert.deepEqual(corsRule({}), {
    ID: "set-by-s3-credentials",
    AllowedHeaders: [],
    AllowedMethods: ["GET"],
    AllowedOrigins: ["*"],
    ExposeHeaders: [],
  });
});

Deno.test("CORS rule: every option, in the order given; max age 0 is kept", () => {
  assert.deepEqual(
    corsRule({
      allowedMethods: ["PUT", "GET"],
      allowedHeaders: ["Content-Type", "Authorization"],
      allowedOrigins: ["https://a.example", "https://b.example"],
      exposeHeaders: ["ETag"],
      maxAgeSeconds: 0,
    }),
    {
      ID: "set-by-s3-credentials",
      AllowedHeaders: ["Content-Type", "Authorization"],
      AllowedMethods: ["PUT", "GET"],
      AllowedOrigins: ["https://a.example", "https://b.example"],
      ExposeHeaders: ["ETag"],
      MaxAgeSeconds: 0,
    },
  );
});

Deno.test("--allowed-method: S3's five methods in any case, sent upper-case", () => {
  assert.deepEqual(["get", "Put", "HEAD", "post", "delete"].map(parseCorsMethod), [
    "GET",
    "PUT",
    "HEAD",
    "POST",
    "DELETE",
  ]);
  assert.throws(
    () => parseCorsMethod("FOO"),
    /'FOO' is not one of 'GET', 'PUT', 'HEAD', 'POST', 'DELETE'/,
  );
  assert.throws(() => parseCorsMethod("PATCH"), /'PATCH' is not one of/);
});

Deno.test("--max-age-seconds: whole seconds from 0 to 2^31-1", () => {
  assert.equal(parseMaxAgeSeconds("0"), 0);
  assert.equal(parseMaxAgeSeconds("3600"), 3600);
  assert.equal(parseMaxAgeSeconds("2147483647"), 2147483647);
  assert.throws(() => parseMaxAgeSeconds("abc"), /'abc' is not a valid integer/);
  assert.throws(() => parseMaxAgeSeconds("1.5"), /'1.5' is not a valid integer/);
  assert.throws(() => parseMaxAgeSeconds(""), /is not a valid integer/);
  assert.throws(() => parseMaxAgeSeconds("-1"), /must be 0 or more/);
  assert.throws(() => parseMaxAgeSeconds("2147483648"), /too large/);
});

Deno.test("get-cors-policy output: 4-space JSON, the reference's key order, absent keys left out", () => {
  const rules = [
    { AllowedOrigins: ["*"], AllowedMethods: ["GET"], ID: "set-by-s3-credentials" },
    { MaxAgeSeconds: 0, ExposeHeaders: ["ETag"], AllowedMethods: ["PUT"], AllowedHeaders: ["X"] },
  ];
  assert.equal(
    renderCorsRules(rules),
    `[
    {
        "ID": "set-by-s3-credentials",
        "AllowedMethods": [
            "GET"
        ],
        "AllowedOrigins": [
            "*"
        ]
    },
    {
        "AllowedHeaders": [
            "X"
        ],
        "AllowedMethods": [
            "PUT"
        ],
        "ExposeHeaders": [
            "ETag"
        ],
        "MaxAgeSeconds": 0
    }
]
`,
  );
});
