// Generated policy documents (prefixes, read-only, read-write and write-only statements, several
// buckets, extra statements) as `policy` prints them. Expected values are the reference tool's
// output written out literally; nothing here is derived from the code under test.
import assert from "node:assert/strict";
import { policyFor } from "../../lib/cli/commands/policy.ts";
import { formatJson } from "../../lib/output/json.ts";
import { parseStatement } from "../../lib/policy/statement-flag.ts";
import {
  bucketPolicy,
  combinedPolicy,
  normalizePrefixes,
} from "../../lib/policy/permission-statements.ts";
import type { Permission } from "../../lib/policy/types.ts";
import { PREFIX_POLICY_EXAMPLE } from "../support/fixtures.ts";

/** Deep equality plus identical key order (JSON.stringify keeps insertion order). */
function assertSameDocument(actual: unknown, expected: unknown) {
  assert.deepEqual(actual, expected);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected));
}

interface Flags {
  readOnly: boolean;
  writeOnly: boolean;
  prefix?: string[];
  statement?: Record<string, unknown>[];
  publicBucket: boolean;
}

function flagsFor(permission: Permission, rest: Partial<Flags> = {}): Flags {
  return {
    readOnly: permission === "read-only",
    writeOnly: permission === "write-only",
    publicBucket: false,
    ...rest,
  };
}

Deno.test("policy: the reference's --prefix my-prefix/ output matches byte for byte", () => {
  const doc = policyFor(flagsFor("read-write", { prefix: ["my-prefix/"] }), ["my-s3-bucket"]);
  assert.equal(formatJson(doc, 4), PREFIX_POLICY_EXAMPLE);
});

Deno.test("policy: the CLI prints the reference's output followed by one newline", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "policy", "my-s3-bucket", "--prefix", "my-prefix/"],
    cwd: new URL("../../", import.meta.url),
    env: { NO_COLOR: "1" },
  }).output();
  assert.equal(new TextDecoder().decode(output.stderr), "");
  assert.equal(output.code, 0);
  assert.equal(new TextDecoder().decode(output.stdout), PREFIX_POLICY_EXAMPLE + "\n");
});

Deno.test("policy: read-only without prefix prints the unsplit bucket statement", () => {
  const doc = policyFor(flagsFor("read-only"), ["bk1"]);
  assert.equal(
    formatJson(doc, 4),
    `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:ListBucket",
                "s3:GetBucketLocation"
            ],
            "Resource": [
                "arn:aws:s3:::bk1"
            ]
        },
        {
            "Effect": "Allow",
            "Action": [
                "s3:GetObject",
                "s3:GetObjectAcl",
                "s3:GetObjectLegalHold",
                "s3:GetObjectRetention",
                "s3:GetObjectTagging"
            ],
            "Resource": [
                "arn:aws:s3:::bk1/*"
            ]
        }
    ]
}`,
  );
});

Deno.test("policy: write-only prints exactly one PutObject statement", () => {
  const doc = policyFor(flagsFor("write-only", { prefix: ["logs/"] }), ["bk1"]);
  assert.equal(
    formatJson(doc, 4),
    `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:PutObject"
            ],
            "Resource": [
                "arn:aws:s3:::bk1/logs/*"
            ]
        }
    ]
}`,
  );
});

Deno.test("normalizePrefixes: appends *, keeps foo*, empty and * mean unrestricted", () => {
  assert.deepEqual(normalizePrefixes([]), ["*"]);
  assert.deepEqual(normalizePrefixes(["my-prefix/"]), ["my-prefix/*"]);
  assert.deepEqual(normalizePrefixes(["foo"]), ["foo*"]);
  assert.deepEqual(normalizePrefixes(["foo*"]), ["foo*"]);
  assert.deepEqual(normalizePrefixes([""]), ["*"]);
  assert.deepEqual(normalizePrefixes(["*"]), ["*"]);
  assert.deepEqual(normalizePrefixes(["/lead/"]), ["/lead/*"]);
  assert.deepEqual(normalizePrefixes(["a/", "b/"]), ["a/*", "b/*"]);
  assert.deepEqual(normalizePrefixes(["a/", "*"]), ["*"]);
  assert.deepEqual(normalizePrefixes(["a/", ""]), ["*"]);
  assert.deepEqual(normalizePrefixes(["a/", "a/", "a/*"]), ["a/*"]);
});

const READ_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectAcl",
  "s3:GetObjectLegalHold",
  "s3:GetObjectRetention",
  "s3:GetObjectTagging",
];

// Statements for bucket `bk1`, per permission and prefix case, as the reference generates them.
const BK1: Record<Permission, Record<string, unknown[]>> = {
  "read-only": {
    none: [
      {
        Effect: "Allow",
        Action: ["s3:ListBucket", "s3:GetBucketLocation"],
        Resource: ["arn:aws:s3:::bk1"],
      },
      { Effect: "Allow", Action: READ_ACTIONS, Resource: ["arn:aws:s3:::bk1/*"] },
    ],
    one: [
      { Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: ["arn:aws:s3:::bk1"] },
      {
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: ["arn:aws:s3:::bk1"],
        Condition: { StringLike: { "s3:prefix": ["my-prefix/*"] } },
      },
      { Effect: "Allow", Action: READ_ACTIONS, Resource: ["arn:aws:s3:::bk1/my-prefix/*"] },
    ],
    several: [
      { Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: ["arn:aws:s3:::bk1"] },
      {
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: ["arn:aws:s3:::bk1"],
        Condition: { StringLike: { "s3:prefix": ["a/*", "b/*"] } },
      },
      {
        Effect: "Allow",
        Action: READ_ACTIONS,
        Resource: ["arn:aws:s3:::bk1/a/*", "arn:aws:s3:::bk1/b/*"],
      },
    ],
  },
  "read-write": {},
  "write-only": {
    none: [{ Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::bk1/*"] }],
    one: [
      { Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::bk1/my-prefix/*"] },
    ],
    several: [
      {
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: ["arn:aws:s3:::bk1/a/*", "arn:aws:s3:::bk1/b/*"],
      },
    ],
  },
};
// Read-write: the read-only statements, then PutObject/DeleteObject on the object ARNs.
BK1["read-write"] = {
  none: [...BK1["read-only"].none, {
    Effect: "Allow",
    Action: ["s3:PutObject", "s3:DeleteObject"],
    Resource: ["arn:aws:s3:::bk1/*"],
  }],
  one: [...BK1["read-only"].one, {
    Effect: "Allow",
    Action: ["s3:PutObject", "s3:DeleteObject"],
    Resource: ["arn:aws:s3:::bk1/my-prefix/*"],
  }],
  several: [...BK1["read-only"].several, {
    Effect: "Allow",
    Action: ["s3:PutObject", "s3:DeleteObject"],
    Resource: ["arn:aws:s3:::bk1/a/*", "arn:aws:s3:::bk1/b/*"],
  }],
};

/** The same literal statements for another bucket name. */
function forBucket(statements: unknown[], bucket: string): unknown[] {
  return JSON.parse(
    JSON.stringify(statements).replaceAll("arn:aws:s3:::bk1", `arn:aws:s3:::${bucket}`),
  );
}

const PREFIX_CASES: Record<string, string[] | undefined> = {
  none: undefined,
  one: ["my-prefix/"],
  several: ["a/", "b/"],
};

// Extra statements with unusual key order and extra keys, as --statement would give them.
const EXTRA_TEXT = [
  '{"Sid": "Textract", "Resource": "*", "Action": "textract:*", "Effect": "Allow"}',
  '{"Effect": "Deny", "Action": ["s3:DeleteObject"], "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}, "Zeta": [1, {"b": 2, "a": 1}]}',
];
const EXTRA = [
  { Sid: "Textract", Resource: "*", Action: "textract:*", Effect: "Allow" },
  {
    Effect: "Deny",
    Action: ["s3:DeleteObject"],
    Resource: "*",
    Condition: { Bool: { "aws:SecureTransport": "false" } },
    Zeta: [1, { b: 2, a: 1 }],
  },
];

for (const permission of ["read-write", "read-only", "write-only"] as const) {
  for (const [prefixCase, prefix] of Object.entries(PREFIX_CASES)) {
    for (const withStatements of [false, true]) {
      for (const buckets of [["bk1"], ["bk1", "bk2"]]) {
        const name = `policy: ${permission}, ${prefixCase} prefix, ${
          withStatements ? "with" : "without"
        } --statement, ${buckets.length} bucket(s)`;
        Deno.test(name, () => {
          const extra = withStatements ? EXTRA_TEXT.map(parseStatement) : undefined;
          const flags = flagsFor(permission, { prefix, statement: extra });
          const own = BK1[permission][prefixCase];
          const perBucket = buckets.map((b) => forBucket(own, b));
          const tail = withStatements ? EXTRA : [];
          // Combined policy: all buckets in order, then the extra statements once.
          assertSameDocument(policyFor(flags, buckets), {
            Version: "2012-10-17",
            Statement: [...perBucket.flat(), ...tail],
          });
          // Per-bucket policy (create without --duration): the extras repeated in each one.
          const request = { permission, prefixes: prefix ?? [], statements: extra ?? [] };
          buckets.forEach((bucket, i) => {
            assertSameDocument(bucketPolicy(bucket, request), {
              Version: "2012-10-17",
              Statement: [...perBucket[i], ...tail],
            });
          });
        });
      }
    }
  }
}

Deno.test("policy: --prefix foo becomes foo*, foo* stays, empty and * mean the whole bucket", () => {
  const request = (prefixes: string[]) => ({
    permission: "write-only" as const,
    prefixes,
    statements: [],
  });
  const putOn = (resource: string[]) => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["s3:PutObject"], Resource: resource }],
  });
  assertSameDocument(combinedPolicy(["bk1"], request(["foo"])), putOn(["arn:aws:s3:::bk1/foo*"]));
  assertSameDocument(combinedPolicy(["bk1"], request(["foo*"])), putOn(["arn:aws:s3:::bk1/foo*"]));
  assertSameDocument(combinedPolicy(["bk1"], request([""])), putOn(["arn:aws:s3:::bk1/*"]));
  assertSameDocument(combinedPolicy(["bk1"], request(["*"])), putOn(["arn:aws:s3:::bk1/*"]));
  assertSameDocument(combinedPolicy(["bk1"], request(["a/", "*"])), putOn(["arn:aws:s3:::bk1/*"]));
  // A read-only policy with an unrestricted prefix among others has no prefix condition.
  const readOnly = { permission: "read-only" as const, prefixes: ["a/", ""], statements: [] };
  assertSameDocument(combinedPolicy(["bk1"], readOnly), {
    Version: "2012-10-17",
    Statement: BK1["read-only"].none,
  });
  // The prefix goes in verbatim: no escaping, no stripping of a leading slash.
  const ro = { permission: "read-only" as const, prefixes: ["foo"], statements: [] };
  assertSameDocument(combinedPolicy(["bk1"], ro).Statement[1], {
    Effect: "Allow",
    Action: ["s3:ListBucket"],
    Resource: ["arn:aws:s3:::bk1"],
    Condition: { StringLike: { "s3:prefix": ["foo*"] } },
  });
});

Deno.test("policy: extra statements print with their own key order and extra keys", () => {
  const doc = policyFor(
    flagsFor("write-only", { statement: EXTRA_TEXT.map(parseStatement) }),
    ["bk1"],
  );
  assert.equal(
    formatJson(doc, 4),
    `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:PutObject"
            ],
            "Resource": [
                "arn:aws:s3:::bk1/*"
            ]
        },
        {
            "Sid": "Textract",
            "Resource": "*",
            "Action": "textract:*",
            "Effect": "Allow"
        },
        {
            "Effect": "Deny",
            "Action": [
                "s3:DeleteObject"
            ],
            "Resource": "*",
            "Condition": {
                "Bool": {
                    "aws:SecureTransport": "false"
                }
            },
            "Zeta": [
                1,
                {
                    "b": 2,
                    "a": 1
                }
            ]
        }
    ]
}`,
  );
});
