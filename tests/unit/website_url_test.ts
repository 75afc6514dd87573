// The website address of list-buckets --details, in the form the bucket's region uses.
import assert from "node:assert/strict";
import { DASH_WEBSITE_REGIONS, websiteUrl } from "../../lib/bucket/website-url.ts";

Deno.test("older regions use the s3-website-{region} form", () => {
  assert.equal(websiteUrl("web1", "us-east-1"), "http://web1.s3-website-us-east-1.amazonaws.com/");
  for (
    const region of [
      "us-east-1",
      "us-west-1",
      "us-west-2",
      "eu-west-1",
      "ap-southeast-1",
      "ap-southeast-2",
      "ap-northeast-1",
      "sa-east-1",
      "us-gov-west-1",
    ]
  ) {
    assert.equal(websiteUrl("b", region), `http://b.s3-website-${region}.amazonaws.com/`);
  }
  assert.equal(DASH_WEBSITE_REGIONS.size, 9);
});

Deno.test("other regions use the s3-website.{region} form", () => {
  for (const region of ["us-east-2", "eu-central-1", "ap-south-1", "eu-west-2", "us-gov-east-1"]) {
    assert.equal(websiteUrl("b", region), `http://b.s3-website.${region}.amazonaws.com/`);
  }
});

Deno.test("China regions are under amazonaws.com.cn", () => {
  assert.equal(
    websiteUrl("b", "cn-northwest-1"),
    "http://b.s3-website.cn-northwest-1.amazonaws.com.cn/",
  );
});
