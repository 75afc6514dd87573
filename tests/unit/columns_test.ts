// Key orders of printed objects (the reference's, from the AWS models) and CSV/TSV columns of
// the account commands.
import assert from "node:assert/strict";
import {
  BUCKET_ACL_ORDER,
  BUCKET_COLUMNS,
  BUCKET_DETAILS_COLUMNS,
  BUCKET_WEBSITE_ORDER,
  inKeyOrder,
  ROLE_COLUMNS,
  ROLE_DETAILS_COLUMNS,
  ROLE_DETAILS_ORDER,
  USER_COLUMNS,
  USER_INLINE_POLICY_COLUMNS,
  USER_ORDER,
} from "../../lib/output/columns.ts";
import { formatJson } from "../../lib/output/json.ts";

Deno.test("inKeyOrder puts a user's keys, and its members' keys, in the reference's order", () => {
  const created = new Date("2020-01-01T00:00:00Z");
  const user = inKeyOrder({
    Tags: [{ Value: "v", Key: "k" }],
    CreateDate: created,
    Arn: "arn",
    PermissionsBoundary: { PermissionsBoundaryArn: "arn:b", PermissionsBoundaryType: "Policy" },
    UserId: "AID",
    UserName: "alice",
    Path: "/",
  }, USER_ORDER) as Record<string, unknown>;
  assert.deepEqual(Object.keys(user), [
    "Path",
    "UserName",
    "UserId",
    "Arn",
    "CreateDate",
    "PermissionsBoundary",
    "Tags",
  ]);
  assert.equal(user.CreateDate, created, "dates are left for the renderer");
  assert.deepEqual(Object.keys(user.PermissionsBoundary as object), [
    "PermissionsBoundaryType",
    "PermissionsBoundaryArn",
  ]);
  assert.deepEqual(Object.keys((user.Tags as object[])[0]), ["Key", "Value"]);
});

Deno.test("inKeyOrder leaves out keys the reference's model did not know, and undefined ones", () => {
  assert.deepEqual(
    inKeyOrder({ Name: "b", BucketRegion: "eu-west-1", CreationDate: undefined }, {
      Name: null,
      CreationDate: null,
    }),
    { Name: "b" },
  );
});

Deno.test("inKeyOrder keeps nulls (an explicit none) and policy documents as they are", () => {
  const document = { Version: "2012-10-17", Statement: [{ Resource: "*", Effect: "Allow" }] };
  const role = inKeyOrder({
    RoleName: "r",
    AssumeRolePolicyDocument: document,
    inline_policies: [{ PolicyDocument: document, PolicyName: "p", RoleName: "r" }],
    attached_policies: [],
  }, ROLE_DETAILS_ORDER) as Record<string, unknown>;
  assert.equal(
    formatJson(role),
    '{"RoleName": "r", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": ' +
      '[{"Resource": "*", "Effect": "Allow"}]}, "inline_policies": [{"RoleName": "r", ' +
      '"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17", "Statement": ' +
      '[{"Resource": "*", "Effect": "Allow"}]}}], "attached_policies": []}',
  );
  assert.deepEqual(inKeyOrder({ a: null, b: 1 }, { b: null, a: { x: null } }), { b: 1, a: null });
});

Deno.test("a bucket ACL's grantees come out as DisplayName, EmailAddress, ID, Type, URI", () => {
  const acl = inKeyOrder({
    Grants: [{ Permission: "READ", Grantee: { URI: "u", Type: "Group", ID: "i" } }],
    Owner: { ID: "o", DisplayName: "d" },
  }, BUCKET_ACL_ORDER);
  assert.equal(
    formatJson(acl),
    '{"Owner": {"DisplayName": "d", "ID": "o"}, "Grants": [{"Grantee": {"ID": "i", ' +
      '"Type": "Group", "URI": "u"}, "Permission": "READ"}]}',
  );
});

Deno.test("a website configuration keeps the model's order and its url comes last", () => {
  const website = inKeyOrder({
    url: "http://b.s3-website-us-east-1.amazonaws.com/",
    RoutingRules: [{
      Redirect: { ReplaceKeyWith: "x", HostName: "h" },
      Condition: { KeyPrefixEquals: "p" },
    }],
    ErrorDocument: { Key: "error.html" },
    IndexDocument: { Suffix: "index.html" },
  }, BUCKET_WEBSITE_ORDER) as Record<string, unknown>;
  assert.deepEqual(Object.keys(website), ["IndexDocument", "ErrorDocument", "RoutingRules", "url"]);
  assert.deepEqual(Object.keys((website.RoutingRules as object[])[0]), ["Condition", "Redirect"]);
  assert.deepEqual(
    Object.keys((website.RoutingRules as { Redirect: object }[])[0].Redirect),
    ["HostName", "ReplaceKeyWith"],
  );
});

Deno.test("CSV/TSV columns are the reference's fixed lists", () => {
  assert.equal(
    USER_COLUMNS.join(","),
    "UserName,UserId,Arn,Path,CreateDate,PasswordLastUsed,PermissionsBoundary,Tags",
  );
  assert.equal(
    ROLE_COLUMNS.join(","),
    "Path,RoleName,RoleId,Arn,CreateDate,AssumeRolePolicyDocument,Description," +
      "MaxSessionDuration,PermissionsBoundary,Tags,RoleLastUsed",
  );
  assert.deepEqual(ROLE_DETAILS_COLUMNS.slice(-2), ["inline_policies", "attached_policies"]);
  assert.equal(BUCKET_COLUMNS.join(","), "Name,CreationDate");
  assert.equal(USER_INLINE_POLICY_COLUMNS.join(","), "UserName,PolicyName,PolicyDocument");
});

Deno.test("list-buckets --details columns include region, which the reference crashed on", () => {
  assert.equal(
    BUCKET_DETAILS_COLUMNS.join(","),
    "Name,CreationDate,region,bucket_acl,public_access_block,bucket_website",
  );
});
