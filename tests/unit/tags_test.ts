import assert from "node:assert/strict";
import {
  bucketsTagValue,
  createdEntityTags,
  EXPIRES_TAG,
  isToolUser,
  MAX_TAG_VALUE,
  parseTag,
  PERMISSION_TAG,
  RUN_TAG,
  userTagProblem,
  userTagsProblem,
} from "../../lib/policy/tags.ts";

Deno.test("buckets tag: names joined by spaces while they fit", () => {
  assert.equal(bucketsTagValue(["one"]), "one");
  assert.equal(bucketsTagValue(["one", "two", "three"]), "one two three");
  const exact = ["a".repeat(127), "b".repeat(128)];
  assert.equal(bucketsTagValue(exact).length, MAX_TAG_VALUE);
  assert.equal(bucketsTagValue(exact), exact.join(" "));
});

Deno.test("buckets tag: whole names that fit, then +N for the rest", () => {
  const names = Array.from({ length: 30 }, (_, i) => `bucket-number-${String(i).padStart(2, "0")}`);
  const value = bucketsTagValue(names);
  assert.ok(value.length <= MAX_TAG_VALUE);
  const parts = value.split(" ");
  const rest = Number(parts.at(-1)!.slice(1));
  assert.match(parts.at(-1)!, /^\+\d+$/);
  assert.deepEqual(parts.slice(0, -1), names.slice(0, names.length - rest));
  // One more name would not have fit.
  const longer = [...names.slice(0, names.length - rest + 1), `+${rest - 1}`].join(" ");
  assert.ok(longer.length > MAX_TAG_VALUE);
});

Deno.test("user tags: IAM's and S3's rules and the reserved prefixes", () => {
  assert.equal(userTagProblem({ Key: "team", Value: "data eng" }), undefined);
  assert.equal(userTagProblem({ Key: "cost-center", Value: "" }), undefined);
  assert.match(userTagProblem({ Key: "", Value: "x" })!, /empty/);
  assert.match(userTagProblem({ Key: "k".repeat(129), Value: "x" })!, /longer than 128/);
  assert.match(userTagProblem({ Key: "k", Value: "v".repeat(257) })!, /longer than 256/);
  assert.match(userTagProblem({ Key: "a,b", Value: "x" })!, /character/);
  assert.match(userTagProblem({ Key: "k", Value: "x;y" })!, /character/);
  assert.match(userTagProblem({ Key: "s3-credentials:permission", Value: "x" })!, /reserved/);
  assert.match(userTagProblem({ Key: "S3-Credentials:mine", Value: "x" })!, /reserved/);
  assert.match(userTagProblem({ Key: "aws:x", Value: "x" })!, /reserved/);
});

Deno.test("users of this tool: the permission tag, or the Python tool's s3. names", () => {
  assert.equal(isToolUser("alice", { [PERMISSION_TAG]: "read-only" }), true);
  assert.equal(isToolUser("s3.read-write.my-bucket", {}), true);
  assert.equal(isToolUser("alice", { team: "x" }), false);
  assert.equal(isToolUser("s3-admin", {}), false);
});

Deno.test("--tag: KEY=VALUE split at the first =, an empty value allowed", () => {
  assert.deepEqual(parseTag("team=data"), { Key: "team", Value: "data" });
  assert.deepEqual(parseTag("expr=a=b"), { Key: "expr", Value: "a=b" });
  assert.deepEqual(parseTag("empty="), { Key: "empty", Value: "" });
  assert.throws(() => parseTag("team"), /'team' is not KEY=VALUE/);
  assert.throws(() => parseTag("=x"), /a tag key cannot be empty/);
  assert.throws(() => parseTag("S3-Credentials:x=1"), /reserved for this tool/);
});

Deno.test("--tag values together: no key twice ignoring case", () => {
  const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: "" }));
  // How many fit depends on the tool's own tags: createdEntityTags counts them.
  assert.equal(userTagsProblem(tags(49)), undefined);
  assert.match(
    userTagsProblem([{ Key: "Team", Value: "a" }, { Key: "team", Value: "b" }])!,
    /tag key team is given more than once/,
  );
});

Deno.test("tags of a created user or role: permission, buckets, then the user's", () => {
  const many = Array.from({ length: 30 }, (_, i) => `bucket-number-${i}`);
  const [permission, buckets, own] = createdEntityTags("custom", many, [{ Key: "a", Value: "b" }]);
  assert.deepEqual(permission, { Key: PERMISSION_TAG, Value: "custom" });
  assert.deepEqual(buckets, { Key: "s3-credentials:buckets", Value: bucketsTagValue(many) });
  assert.ok(buckets.Value.length <= MAX_TAG_VALUE && buckets.Value.endsWith(" +15"), buckets.Value);
  assert.deepEqual(own, { Key: "a", Value: "b" });
});

Deno.test("tags of an expiring user end with the expiry; with the run tag they fit IAM's 50", () => {
  const own = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: "" }));
  const expires = "2030-01-31T18:00:00Z";
  // The run's tag, added as the user or role is created, is the 50th.
  const tags = createdEntityTags("read-only", ["b"], own(46), expires);
  assert.equal(tags.length, 49);
  assert.deepEqual(tags.at(-1), { Key: EXPIRES_TAG, Value: expires });
  assert.ok(!tags.some((tag) => tag.Key === RUN_TAG));
  assert.equal(createdEntityTags("read-only", ["b"], own(47)).length, 49);
  assert.throws(
    () => createdEntityTags("read-only", ["b"], own(47), expires),
    /at most 46 --tag values with --expires: IAM allows 50 tags and this tool sets 4/,
  );
  assert.throws(() => createdEntityTags("read-only", ["b"], own(48)), /at most 47 --tag values:/);
});
