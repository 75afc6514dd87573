// list-buckets against the moto emulator.
import assert from "node:assert/strict";
import {
  CreateBucketCommand,
  GetBucketAclCommand,
  ListBucketsCommand,
  PutBucketWebsiteCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { formatTimestamp } from "../../lib/output/time.ts";
import {
  assertOneErrorLine,
  cliAgainst,
  clientOptions,
  enforceWithPowerlessUser,
} from "../support/account_commands.ts";
import { startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

/** A listing's JSON array: JSON.stringify is a fair oracle for ASCII-only items. */
function jsonArray(items: unknown[]): string {
  if (items.length === 0) return "[]\n";
  return "[\n" + items.map((item) => "  " + JSON.stringify(item, null, 2).replaceAll("\n", "\n  "))
    .join(",\n") +
    "\n]\n";
}

Deno.test("list-buckets against the emulator", async (t) => {
  const moto = await startMoto();
  const cli = cliAgainst(moto);
  const s3 = new S3Client({ ...clientOptions(moto), forcePathStyle: true });
  const s3Central = new S3Client({
    ...clientOptions(moto),
    region: "eu-central-1",
    forcePathStyle: true,
  });
  try {
    await t.step("no buckets: [] for JSON, the header for CSV", async () => {
      const [json, csv, details] = await Promise.all([
        cli("list-buckets"),
        cli("list-buckets", "--csv"),
        cli("list-buckets", "--details", "--tsv"),
      ]);
      assert.equal(json.stdout, "[]\n");
      assert.equal(csv.stdout, "Name,CreationDate\r\n");
      assert.equal(
        details.stdout,
        "Name\tCreationDate\tregion\tbucket_acl\tpublic_access_block\tbucket_website\r\n",
      );
    });

    const website = await cli("create", "web-bucket", "-c", "--website", "--silent");
    assert.equal(website.code, 0, website.stderr);
    await s3.send(new CreateBucketCommand({ Bucket: "plain-bucket" }));
    await s3Central.send(
      new CreateBucketCommand({
        Bucket: "central-bucket",
        CreateBucketConfiguration: { LocationConstraint: "eu-central-1" },
      }),
    );
    await s3Central.send(
      new PutBucketWebsiteCommand({
        Bucket: "central-bucket",
        WebsiteConfiguration: { IndexDocument: { Suffix: "home.html" } },
      }),
    );
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    const created = (name: string) =>
      formatTimestamp(Buckets!.find((b) => b.Name === name)!.CreationDate!);
    const acl = async (name: string, client = s3) => {
      const { Owner, Grants } = await client.send(new GetBucketAclCommand({ Bucket: name }));
      return {
        Owner: { DisplayName: Owner!.DisplayName, ID: Owner!.ID },
        Grants: Grants!.map((g) => ({
          Grantee: {
            DisplayName: g.Grantee!.DisplayName,
            ID: g.Grantee!.ID,
            Type: g.Grantee!.Type,
          },
          Permission: g.Permission,
        })),
      };
    };

    await t.step("every bucket in AWS's order; names filter", async () => {
      const [all, some, nl] = await Promise.all([
        cli("list-buckets"),
        cli("list-buckets", "plain-bucket", "no-such-bucket", "web-bucket"),
        cli("list-buckets", "--nl", "plain-bucket"),
      ]);
      assert.equal(all.code, 0, all.stderr);
      assert.equal(
        all.stdout,
        jsonArray(Buckets!.map((b) => ({ Name: b.Name, CreationDate: created(b.Name!) }))),
      );
      const names = Buckets!.map((b) => b.Name).filter((n) => n !== "central-bucket");
      assert.deepEqual(JSON.parse(some.stdout).map((b: { Name: string }) => b.Name), names);
      assert.equal(
        nl.stdout,
        `{"Name": "plain-bucket", "CreationDate": "${created("plain-bucket")}"}\n`,
      );
    });

    await t.step(
      "--details: region, ACL, public access block and website with its URL",
      async () => {
        const result = await cli("list-buckets", "web-bucket", "--details");
        assert.equal(result.code, 0, result.stderr);
        assert.equal(
          result.stdout,
          jsonArray([{
            Name: "web-bucket",
            CreationDate: created("web-bucket"),
            region: "us-east-1",
            bucket_acl: await acl("web-bucket"),
            public_access_block: {
              BlockPublicAcls: false,
              IgnorePublicAcls: false,
              BlockPublicPolicy: false,
              RestrictPublicBuckets: false,
            },
            bucket_website: {
              IndexDocument: { Suffix: "index.html" },
              ErrorDocument: { Key: "error.html" },
              // us-east-1 uses the dash form (the reference printed s3-website.us-east-1).
              url: "http://web-bucket.s3-website-us-east-1.amazonaws.com/",
            },
          }]),
        );
      },
    );

    await t.step("--details: no configuration is null; other regions use their form", async () => {
      const result = await cli("list-buckets", "plain-bucket", "central-bucket", "--details");
      assert.equal(result.code, 0, result.stderr);
      const byName = Object.fromEntries(
        JSON.parse(result.stdout).map((b: { Name: string }) => [b.Name, b]),
      );
      assert.equal(byName["plain-bucket"].public_access_block, null);
      assert.equal(byName["plain-bucket"].bucket_website, null);
      assert.match(result.stdout, /"public_access_block": null,\n {4}"bucket_website": null\n/);
      assert.equal(byName["central-bucket"].region, "eu-central-1");
      assert.deepEqual(byName["central-bucket"].bucket_website, {
        IndexDocument: { Suffix: "home.html" },
        url: "http://central-bucket.s3-website.eu-central-1.amazonaws.com/",
      });
      assert.deepEqual(
        byName["central-bucket"].bucket_acl,
        JSON.parse(JSON.stringify(await acl("central-bucket", s3Central))),
      );
    });

    await t.step("--details --csv works (the reference crashed): region is a column", async () => {
      const result = await cli("list-buckets", "plain-bucket", "--details", "--csv");
      assert.equal(result.code, 0, result.stderr);
      const aclCell = JSON.stringify(await acl("plain-bucket"), null, 2).replaceAll('"', '""');
      assert.equal(
        result.stdout,
        "Name,CreationDate,region,bucket_acl,public_access_block,bucket_website\r\n" +
          `plain-bucket,${created("plain-bucket")},us-east-1,"${aclCell}",,\r\n`,
      );
    });

    await t.step("a caller without s3:ListAllMyBuckets: one error line", async () => {
      const { env } = await enforceWithPowerlessUser(moto);
      assertOneErrorLine(
        await cliAgainst(moto, env)("list-buckets"),
        /\(AccessDenied\) when calling the ListBuckets operation/,
      );
    });
  } finally {
    s3.destroy();
    s3Central.destroy();
    await moto.stop();
  }
});
