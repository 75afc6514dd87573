import assert from "node:assert/strict";
import {
  bucketsTagValue,
  isToolUser,
  MAX_TAG_VALUE,
  PERMISSION_TAG,
  userTagProblem,
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
