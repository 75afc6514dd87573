// planCreate: derived names, boundaries, regions and the documents in the plan.
import assert from "node:assert/strict";
import { UsageError } from "../../lib/errors.ts";
import { type CreateRequest, planCreate } from "../../lib/policy/create-plan.ts";
import { createRequest, readWriteStatements } from "../support/fixtures.ts";

const FULL = "arn:aws:iam::aws:policy/AmazonS3FullAccess";
const READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
const TEXTRACT = { Effect: "Allow", Action: "textract:*", Resource: "*" };

/** The tool's tags for a user or role made for `bk1` and `bk2` with `permission`. */
function toolTags(permission: string) {
  return [
    { Key: "s3-credentials:permission", Value: permission },
    { Key: "s3-credentials:buckets", Value: "bk1 bk2" },
  ];
}

function request(overrides: Partial<CreateRequest> = {}): CreateRequest {
  return createRequest({ buckets: ["bk1", "bk2"], ...overrides });
}

function permanent(overrides: Partial<CreateRequest> = {}) {
  const credentials = planCreate(request(overrides)).credentials;
  assert.equal(credentials.kind, "permanent");
  if (credentials.kind !== "permanent") throw new Error("unreachable");
  return credentials;
}

Deno.test("planCreate: read-write defaults for two buckets", () => {
  assert.deepEqual(planCreate(request()), {
    buckets: [
      { bucket: "bk1", region: undefined, publicPolicy: undefined, website: false, tags: [] },
      { bucket: "bk2", region: undefined, publicPolicy: undefined, website: false, tags: [] },
    ],
    createMissingBuckets: false,
    credentials: {
      kind: "permanent",
      username: "s3.read-write.bk1,bk2",
      boundary: FULL,
      policies: ["bk1", "bk2"].map((bucket) => ({
        name: `s3.read-write.${bucket}`,
        document: { Version: "2012-10-17", Statement: readWriteStatements(bucket) },
      })),
      tags: toolTags("read-write"),
    },
  });
});

Deno.test("planCreate: user names and policy names follow the permission", () => {
  const readOnly = permanent({ permission: "read-only", buckets: ["bk1"] });
  assert.equal(readOnly.username, "s3.read-only.bk1");
  assert.deepEqual(readOnly.policies.map((p) => p.name), ["s3.read-only.bk1"]);
  const writeOnly = permanent({ permission: "write-only" });
  assert.equal(writeOnly.username, "s3.write-only.bk1,bk2");
  assert.deepEqual(writeOnly.policies.map((p) => p.name), [
    "s3.write-only.bk1",
    "s3.write-only.bk2",
  ]);
  const named = permanent({ username: "alice" });
  assert.equal(named.username, "alice");
  assert.deepEqual(named.policies.map((p) => p.name), ["s3.read-write.bk1", "s3.read-write.bk2"]);
});

Deno.test("planCreate: --statement makes the label custom and repeats the statement per bucket", () => {
  const credentials = permanent({ permission: "write-only", statements: [TEXTRACT] });
  assert.equal(credentials.username, "s3.custom.bk1,bk2");
  assert.equal(credentials.boundary, undefined);
  assert.deepEqual(
    credentials.policies,
    ["bk1", "bk2"].map((bucket) => ({
      name: `s3.custom.${bucket}`,
      document: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["s3:PutObject"], Resource: [`arn:aws:s3:::${bucket}/*`] },
          TEXTRACT,
        ],
      },
    })),
  );
});

Deno.test("planCreate: --policy makes the label custom and substitutes each bucket", () => {
  const policyText =
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::$!BUCKET_NAME!$/*"}]}';
  const credentials = permanent({ permission: "read-only", policyText, prefixes: ["ignored/"] });
  assert.equal(credentials.username, "s3.custom.bk1,bk2");
  assert.equal(credentials.boundary, undefined);
  assert.deepEqual(
    credentials.policies,
    ["bk1", "bk2"].map((bucket) => ({
      name: `s3.custom.${bucket}`,
      document: {
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: `arn:aws:s3:::${bucket}/*`,
        }],
      },
    })),
  );
});

Deno.test("planCreate: permissions boundaries", () => {
  const boundary = (overrides: Partial<CreateRequest>) => permanent(overrides).boundary;
  assert.equal(boundary({ permission: "read-only" }), READ_ONLY);
  assert.equal(boundary({ permission: "read-write" }), FULL);
  assert.equal(boundary({ permission: "write-only" }), FULL);
  assert.equal(boundary({ userPermissionsBoundary: "none" }), undefined);
  assert.equal(boundary({ permission: "read-only", userPermissionsBoundary: "none" }), undefined);
  assert.equal(boundary({ statements: [TEXTRACT] }), undefined);
  assert.equal(boundary({ policyText: '{"Version": "2012-10-17", "Statement": []}' }), undefined);
  const arn = "arn:aws:iam::123456789012:policy/my-boundary";
  assert.equal(boundary({ permission: "read-only", userPermissionsBoundary: arn }), arn);
  assert.equal(boundary({ statements: [TEXTRACT], userPermissionsBoundary: arn }), arn);
  assert.equal(
    boundary({
      policyText: '{"Version": "2012-10-17", "Statement": []}',
      userPermissionsBoundary: arn,
    }),
    arn,
  );
});

Deno.test("planCreate: a derived user name over 64 characters is a usage error", () => {
  // "s3.read-write." (14) + 25 + "," + 24 = 64: accepted.
  const ok = permanent({ buckets: ["a".repeat(25), "b".repeat(24)] });
  assert.equal(ok.username, "s3.read-write." + "a".repeat(25) + "," + "b".repeat(24));
  assert.throws(
    () => planCreate(request({ buckets: ["a".repeat(25), "b".repeat(25)] })),
    (error: unknown) =>
      error instanceof UsageError && error.exitCode === 2 &&
      error.message ===
        `user name 's3.read-write.${"a".repeat(25)},${
          "b".repeat(25)
        }' is longer than 64 characters, which IAM refuses: choose one with --username`,
  );
  // An explicit short --username avoids the problem.
  const named = permanent({ buckets: ["a".repeat(25), "b".repeat(25)], username: "bob" });
  assert.equal(named.username, "bob");
});

Deno.test("planCreate: temporary credentials cut the session name instead of failing", () => {
  const plan = planCreate(request({
    buckets: ["a".repeat(30), "b".repeat(30)],
    durationSeconds: 900,
  }));
  assert.equal(plan.credentials.kind, "temporary");
  if (plan.credentials.kind !== "temporary") return;
  assert.equal(
    plan.credentials.sessionName,
    "s3.read-write." + "a".repeat(30) + "," + "b".repeat(19),
  );
});

Deno.test("planCreate: temporary credentials use the role and the combined policy", () => {
  const plan = planCreate(request({
    permission: "write-only",
    prefixes: ["up/"],
    durationSeconds: 3600,
    username: "ignored",
    userPermissionsBoundary: "arn:aws:iam::123456789012:policy/ignored",
  }));
  assert.deepEqual(plan.credentials, {
    kind: "temporary",
    roleName: "s3-credentials.AmazonS3FullAccess",
    durationSeconds: 3600,
    sessionName: "s3.write-only.bk1,bk2",
    policy: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::bk1/up/*"] },
        { Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::bk2/up/*"] },
      ],
    },
    roleTags: toolTags("write-only"),
  });
});

Deno.test("planCreate: temporary credentials with --policy cover every bucket", () => {
  const policyText =
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::$!BUCKET_NAME!$/*"}]}';
  const plan = planCreate(request({ policyText, durationSeconds: 900 }));
  assert.deepEqual(plan.credentials, {
    kind: "temporary",
    roleName: "s3-credentials.AmazonS3FullAccess",
    durationSeconds: 900,
    sessionName: "s3.custom.bk1,bk2",
    policy: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::bk1/*" },
        { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::bk2/*" },
      ],
    },
    roleTags: toolTags("custom"),
  });
});

Deno.test("planCreate: bucket region, public and website steps", () => {
  assert.equal(planCreate(request({ bucketRegion: "us-east-1" })).buckets[0].region, undefined);
  assert.equal(planCreate(request({ bucketRegion: "eu-west-1" })).buckets[1].region, "eu-west-1");
  const publicPolicy = {
    Version: "2012-10-17",
    Statement: [{
      Sid: "AllowAllGetObject",
      Effect: "Allow",
      Principal: "*",
      Action: ["s3:GetObject"],
      Resource: ["arn:aws:s3:::bk1/*"],
    }],
  };
  const pub = planCreate(request({ buckets: ["bk1"], public: true, createBucket: true }));
  assert.equal(pub.createMissingBuckets, true);
  assert.deepEqual(pub.buckets, [{
    bucket: "bk1",
    region: undefined,
    publicPolicy,
    website: false,
    tags: [],
  }]);
  // --website implies --public.
  const site = planCreate(request({ buckets: ["bk1"], website: true }));
  assert.deepEqual(site.buckets, [{
    bucket: "bk1",
    region: undefined,
    publicPolicy,
    website: true,
    tags: [],
  }]);
});

Deno.test("planCreate: --tag goes to the buckets, and after the tool's tags to the user and role", () => {
  const tags = [{ Key: "team", Value: "data" }, { Key: "cost-centre", Value: "" }];
  const plan = planCreate(request({ tags, statements: [TEXTRACT] }));
  assert.deepEqual(plan.buckets.map((step) => step.tags), [tags, tags]);
  assert.equal(plan.credentials.kind, "permanent");
  if (plan.credentials.kind !== "permanent") return;
  // --statement makes the permission custom, as it makes the user name s3.custom....
  assert.deepEqual(plan.credentials.tags, [...toolTags("custom"), ...tags]);
  const temporary = planCreate(request({ tags, durationSeconds: 900, permission: "read-only" }));
  assert.equal(temporary.credentials.kind, "temporary");
  if (temporary.credentials.kind !== "temporary") return;
  assert.deepEqual(temporary.credentials.roleTags, [...toolTags("read-only"), ...tags]);
});

Deno.test("planCreate: the tool's own tags, the expiry included, count in IAM's 50", () => {
  const userTags = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: "" }));
  const expires = "2030-01-31T18:00:00Z";
  // The run's tag, added as the user or role is created, is the 50th.
  assert.equal(permanent({ tags: userTags(47) }).tags.length, 49);
  assert.equal(permanent({ tags: userTags(46), expires }).tags.length, 49);
  assert.throws(
    () => planCreate(request({ tags: userTags(47), expires })),
    (error: unknown) =>
      error instanceof UsageError &&
      error.message === "Invalid value for '--tag': at most 46 --tag values with --expires: " +
          "IAM allows 50 tags and this tool sets 4",
  );
  assert.throws(
    () => planCreate(request({ tags: userTags(48) })),
    (error: unknown) =>
      error instanceof UsageError &&
      error.message === "Invalid value for '--tag': at most 47 --tag values: " +
          "IAM allows 50 tags and this tool sets 3",
  );
  assert.throws(
    () => planCreate(request({ tags: userTags(48), durationSeconds: 900 })),
    /at most 47 --tag values: IAM allows 50 tags and this tool sets 3/,
  );
});
