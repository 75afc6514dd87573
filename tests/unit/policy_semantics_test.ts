// What the generated policies allow, evaluated by an IAM policy simulator: least privilege for
// every permission and prefix case. (@cloud-copilot/iam-simulate is AGPL: used by tests only.)
import assert from "node:assert/strict";
import { anonymousPrincipal, runSimulation } from "@cloud-copilot/iam-simulate";
import { publicBucketPolicy } from "../../lib/policy/public-bucket.ts";
import { combinedPolicy } from "../../lib/policy/permission-statements.ts";
import type { ExtraStatement, Permission } from "../../lib/policy/types.ts";

const ACCOUNT = "123456789012";
const USER = "arn:aws:iam::123456789012:user/test";
const ALLOWED = "Allowed";
const DENIED = "ImplicitlyDenied";

interface Request {
  action: string;
  resource: string;
  context?: Record<string, string>;
}

interface Policies {
  identity?: unknown;
  session?: unknown;
  resource?: unknown;
  principal?: string | typeof anonymousPrincipal;
  blockPublicAccess?: boolean;
}

/** The simulator's overall decision; a request it refuses to simulate fails the test. */
async function decide(request: Request, policies: Policies): Promise<string> {
  const result = await runSimulation({
    request: {
      principal: policies.principal ?? USER,
      action: request.action,
      resource: { resource: request.resource, accountId: ACCOUNT },
      contextVariables: request.context ?? {},
    },
    identityPolicies: policies.identity ? [{ name: "generated", policy: policies.identity }] : [],
    sessionPolicy: policies.session,
    resourcePolicy: policies.resource,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    additionalSettings: policies.blockPublicAccess === undefined
      ? undefined
      : { s3: { blockPublicAccess: policies.blockPublicAccess } },
  }, {});
  if (result.resultType === "error") {
    throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

const label = (r: Request) =>
  `${r.action} ${r.resource}${r.context ? " " + JSON.stringify(r.context) : ""}`;

/** Decides every request and compares the whole table, so a failure shows every difference. */
async function assertDecisions(policies: Policies, table: [Request, string][]) {
  const actual: Record<string, string> = {};
  const expected: Record<string, string> = {};
  for (const [request, decision] of table) {
    actual[label(request)] = await decide(request, policies);
    expected[label(request)] = decision;
  }
  assert.deepEqual(actual, expected);
}

function policy(permission: Permission, prefixes: string[], statements: ExtraStatement[] = []) {
  return combinedPolicy(["bkt"], { permission, prefixes, statements });
}

const object = (key: string) => `arn:aws:s3:::bkt/${key}`;
const list = (prefix?: string): Request => ({
  action: "s3:ListBucket",
  resource: "arn:aws:s3:::bkt",
  context: prefix === undefined ? undefined : { "s3:prefix": prefix },
});

interface PrefixCase {
  name: string;
  prefixes: string[];
  /** Key prefixes the credentials must reach. */
  inside: string[];
  /** Key prefixes they must not reach. */
  outside: string[];
}

const PREFIX_CASES: PrefixCase[] = [
  { name: "no prefix", prefixes: [], inside: ["prefix/", "other/", ""], outside: [] },
  {
    name: "one prefix",
    prefixes: ["prefix/"],
    inside: ["prefix/"],
    outside: ["other/", "prefixed/", ""],
  },
  { name: "two prefixes", prefixes: ["a/", "b/"], inside: ["a/", "b/"], outside: ["c/", ""] },
];

/** What least privilege demands, written from each permission's meaning, not from the code. */
function expectedTable(permission: Permission, c: PrefixCase): [Request, string][] {
  const canRead = permission !== "write-only";
  const canWrite = permission !== "read-only";
  const canDelete = permission === "read-write";
  const is = (yes: boolean) => (yes ? ALLOWED : DENIED);
  const table: [Request, string][] = [];
  for (const prefix of c.inside) {
    const key = `${prefix}x`;
    table.push(
      [{ action: "s3:GetObject", resource: object(key) }, is(canRead)],
      [{ action: "s3:PutObject", resource: object(key) }, is(canWrite)],
      [{ action: "s3:DeleteObject", resource: object(key) }, is(canDelete)],
    );
    if (prefix !== "") table.push([list(prefix), is(canRead)]);
  }
  for (const prefix of c.outside) {
    const key = `${prefix}x`;
    table.push(
      [{ action: "s3:GetObject", resource: object(key) }, DENIED],
      [{ action: "s3:PutObject", resource: object(key) }, DENIED],
      [{ action: "s3:DeleteObject", resource: object(key) }, DENIED],
    );
    if (prefix !== "") table.push([list(prefix), DENIED]);
  }
  const unrestricted = c.prefixes.length === 0;
  table.push(
    // Listing without a prefix lists the whole bucket: only without a prefix restriction.
    [list(), is(canRead && unrestricted)],
    [{ action: "s3:GetBucketLocation", resource: "arn:aws:s3:::bkt" }, is(canRead)],
    [{ action: "s3:GetObject", resource: "arn:aws:s3:::other-bucket/x" }, DENIED],
    [{ action: "s3:PutObject", resource: "arn:aws:s3:::other-bucket/x" }, DENIED],
    [{ action: "s3:DeleteObject", resource: "arn:aws:s3:::other-bucket/x" }, DENIED],
    [{ action: "s3:ListBucket", resource: "arn:aws:s3:::other-bucket" }, DENIED],
    [{ action: "s3:DeleteBucket", resource: "arn:aws:s3:::bkt" }, DENIED],
    [{ action: "s3:PutBucketPolicy", resource: "arn:aws:s3:::bkt" }, DENIED],
    [{ action: "s3:PutObjectAcl", resource: object(`${c.inside[0]}x`) }, DENIED],
    [{ action: "iam:CreateUser", resource: "arn:aws:iam::123456789012:user/x" }, DENIED],
  );
  return table;
}

for (const permission of ["read-only", "read-write", "write-only"] as const) {
  for (const c of PREFIX_CASES) {
    Deno.test(`semantics: ${permission}, ${c.name}`, async () => {
      await assertDecisions(
        { identity: policy(permission, c.prefixes) },
        expectedTable(permission, c),
      );
    });
  }
}

Deno.test("semantics: as a session policy on the full-access role it narrows the same way", async () => {
  const role = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["s3:*", "s3-object-lambda:*"], Resource: "*" }],
  };
  const c = PREFIX_CASES[1];
  await assertDecisions(
    {
      principal:
        "arn:aws:sts::123456789012:assumed-role/s3-credentials.AmazonS3FullAccess/s3.read-only.bkt",
      identity: role,
      session: policy("read-only", c.prefixes),
    },
    expectedTable("read-only", c),
  );
});

Deno.test("semantics: a combined policy for two buckets reaches both, nothing else", async () => {
  const identity = combinedPolicy(["bkt", "bkt2"], {
    permission: "read-write",
    prefixes: ["p/"],
    statements: [],
  });
  await assertDecisions({ identity }, [
    [{ action: "s3:PutObject", resource: "arn:aws:s3:::bkt/p/x" }, ALLOWED],
    [{ action: "s3:PutObject", resource: "arn:aws:s3:::bkt2/p/x" }, ALLOWED],
    [{ action: "s3:GetObject", resource: "arn:aws:s3:::bkt2/p/x" }, ALLOWED],
    [{ ...list("p/"), resource: "arn:aws:s3:::bkt2" }, ALLOWED],
    [{ ...list("q/"), resource: "arn:aws:s3:::bkt2" }, DENIED],
    [{ action: "s3:PutObject", resource: "arn:aws:s3:::bkt2/q/x" }, DENIED],
    [{ action: "s3:PutObject", resource: "arn:aws:s3:::bkt3/p/x" }, DENIED],
  ]);
});

Deno.test("semantics: an extra --statement grants only what it says", async () => {
  const extra = { Effect: "Allow", Action: "textract:*", Resource: "*" };
  await assertDecisions({ identity: policy("read-only", ["prefix/"], [extra]) }, [
    [{ action: "textract:AnalyzeDocument", resource: "*" }, ALLOWED],
    [{ action: "s3:GetObject", resource: object("prefix/x") }, ALLOWED],
    [{ action: "s3:GetObject", resource: object("other/x") }, DENIED],
    [{ action: "s3:PutObject", resource: object("prefix/x") }, DENIED],
    [{ action: "s3:DeleteBucket", resource: "arn:aws:s3:::bkt" }, DENIED],
    [{ action: "iam:CreateUser", resource: "arn:aws:iam::123456789012:user/x" }, DENIED],
  ]);
  // Without the statement, textract is denied.
  await assertDecisions({ identity: policy("read-only", ["prefix/"]) }, [
    [{ action: "textract:AnalyzeDocument", resource: "*" }, DENIED],
  ]);
});

Deno.test("semantics: the public bucket policy lets anyone get objects, nothing more", async () => {
  const anonymous = { principal: anonymousPrincipal, resource: publicBucketPolicy("bkt") };
  await assertDecisions(anonymous, [
    [{ action: "s3:GetObject", resource: "arn:aws:s3:::bkt/x" }, ALLOWED],
    [{ action: "s3:GetObject", resource: "arn:aws:s3:::bkt/dir/index.html" }, ALLOWED],
    [{ action: "s3:PutObject", resource: "arn:aws:s3:::bkt/x" }, DENIED],
    [{ action: "s3:DeleteObject", resource: "arn:aws:s3:::bkt/x" }, DENIED],
    [{ action: "s3:ListBucket", resource: "arn:aws:s3:::bkt" }, DENIED],
    [{ action: "s3:GetObject", resource: "arn:aws:s3:::other-bucket/x" }, DENIED],
  ]);
  // Why --public also turns off Block Public Access: with it on, the grant is void.
  assert.equal(
    await decide(
      { action: "s3:GetObject", resource: "arn:aws:s3:::bkt/x" },
      { ...anonymous, blockPublicAccess: true },
    ),
    "ExplicitlyDenied",
  );
});

Deno.test("semantics sanity: the helper notices a policy that grants too much", async () => {
  const broken = policy("read-only", ["prefix/"], [{
    Effect: "Allow",
    Action: "s3:*",
    Resource: "*",
  }]);
  await assertDecisions({ identity: broken }, [
    [{ action: "s3:DeleteBucket", resource: "arn:aws:s3:::bkt" }, ALLOWED],
    [{ action: "s3:PutObject", resource: "arn:aws:s3:::other-bucket/x" }, ALLOWED],
    [list("other/"), ALLOWED],
  ]);
  // And the least-privilege table would have caught it.
  await assert.rejects(
    assertDecisions({ identity: broken }, expectedTable("read-only", PREFIX_CASES[1])),
    assert.AssertionError,
  );
  // So would a policy whose prefix condition was dropped.
  const unconditioned = structuredClone(policy("read-only", ["prefix/"]));
  delete (unconditioned.Statement[1] as { Condition?: unknown }).Condition;
  await assert.rejects(
    assertDecisions({ identity: unconditioned }, expectedTable("read-only", PREFIX_CASES[1])),
    assert.AssertionError,
  );
});
