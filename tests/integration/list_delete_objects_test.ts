// list-bucket and delete-objects against the moto emulator.
import assert from "node:assert/strict";
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { linesOf, runCli, STACK_FRAME } from "../support/cli.ts";
import { motoEnv, startMoto } from "../support/moto.ts";
import { s3At } from "../support/objects.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;

Deno.test("list-bucket and delete-objects against the emulator", async (t) => {
  const moto = await startMoto();
  const env = motoEnv(moto);
  const s3 = s3At(moto.endpoint);
  const cli = (...args: string[]) => runCli([...args, "--endpoint-url", moto.endpoint], { env });
  const put = (bucket: string, key: string, body = "x", extra = {}) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...extra }));
  const keysOf = async (bucket: string) =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) =>
      o.Key!
    );
  try {
    for (const bucket of ["listed", "empty", "doomed"]) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }
    await put("listed", "hello.txt", "hello");
    // Public, so that its URL can be fetched without signing.
    await put("listed", "dir/a b+c.txt", "ab", { ACL: "public-read" });
    await put("listed", "dir/café.txt", "c");
    // An object stored with a checksum: its listing entry carries ChecksumAlgorithm.
    await put("listed", "sum.txt", "s", { ChecksumAlgorithm: "CRC32" });

    await t.step("the default JSON array, in the reference's layout and key order", async () => {
      const result = await cli("list-bucket", "listed", "--prefix", "hello");
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "");
      const lines = result.stdout.split("\n");
      assert.deepEqual(lines.slice(0, 3), ["[", "  {", '    "Key": "hello.txt",']);
      assert.match(lines[3], /^ {4}"LastModified": "[^"]+",$/);
      assert.deepEqual(lines.slice(4), [
        '    "ETag": "\\"5d41402abc4b2a76b9719d911017c592\\"",',
        '    "Size": 5,',
        '    "StorageClass": "STANDARD"',
        "  }",
        "]",
        "",
      ]);
      assert.match(JSON.parse(result.stdout)[0].LastModified, TIMESTAMP);
    });

    await t.step("every key in key order; --prefix; an empty listing is []", async () => {
      const all = await cli("list-bucket", "listed");
      assert.deepEqual(JSON.parse(all.stdout).map((o: { Key: string }) => o.Key), [
        "dir/a b+c.txt",
        "dir/café.txt",
        "hello.txt",
        "sum.txt",
      ]);
      assert.match(all.stdout, /"dir\/caf\\u00e9\.txt"/);
      const dir = await cli("list-bucket", "listed", "--prefix", "dir/");
      assert.equal(JSON.parse(dir.stdout).length, 2);
      const empty = await cli("list-bucket", "empty");
      assert.equal(empty.stdout, "[]\n");
      const none = await cli("list-bucket", "listed", "--prefix", "zzz", "--nl");
      assert.equal(none.stdout, "");
    });

    await t.step("ChecksumAlgorithm is listed, and CSV/TSV do not crash on it", async () => {
      const json = await cli("list-bucket", "listed", "--prefix", "sum");
      const [item] = JSON.parse(json.stdout);
      assert.deepEqual(Object.keys(item), [
        "Key",
        "LastModified",
        "ETag",
        "ChecksumAlgorithm",
        "Size",
        "StorageClass",
      ]);
      assert.deepEqual(item.ChecksumAlgorithm, ["CRC32"]);
      const csv = await cli("list-bucket", "listed", "--prefix", "sum", "--csv");
      assert.equal(csv.code, 0, csv.stderr);
      assert.ok(csv.stdout.startsWith("Key,LastModified,ETag,Size,StorageClass,Owner\r\nsum.txt,"));
    });

    await t.step("--nl: one compact object per line", async () => {
      const result = await cli("list-bucket", "listed", "--nl");
      const lines = linesOf(result.stdout);
      assert.equal(lines.length, 4);
      assert.match(lines[2], /^\{"Key": "hello.txt", "LastModified": "[^"]+", "ETag": /);
    });

    await t.step("--csv and --tsv: the reference's columns, Owner filled in", async () => {
      const csv = await cli("list-bucket", "listed", "--prefix", "hello", "--csv");
      assert.equal(csv.code, 0, csv.stderr);
      const [header, row, ...rest] = csv.stdout.split("\r\n");
      assert.equal(header, "Key,LastModified,ETag,Size,StorageClass,Owner");
      assert.match(
        row,
        /^hello\.txt,[^,]+,"""5d41402abc4b2a76b9719d911017c592""",5,STANDARD,"\{\n {2}""DisplayName"": ""[^"]+"",\n {2}""ID"": ""[0-9a-f]+""\n\}"$/,
      );
      assert.deepEqual(rest, [""]);
      const tsv = await cli("list-bucket", "listed", "--prefix", "hello", "--tsv");
      assert.equal(
        tsv.stdout.split("\r\n")[0],
        "Key\tLastModified\tETag\tSize\tStorageClass\tOwner",
      );
      const empty = await cli("list-bucket", "empty", "--csv");
      assert.equal(empty.stdout, "Key,LastModified,ETag,Size,StorageClass,Owner\r\n");
    });

    await t.step("--urls: the endpoint's URL with the key encoded, last", async () => {
      const json = await cli("list-bucket", "listed", "--prefix", "dir/", "--urls");
      const items = JSON.parse(json.stdout);
      assert.equal(Object.keys(items[0]).at(-1), "URL");
      assert.deepEqual(items.map((item: { URL: string }) => item.URL), [
        `${moto.endpoint}/listed/dir/a%20b%2Bc.txt`,
        `${moto.endpoint}/listed/dir/caf%C3%A9.txt`,
      ]);
      // The URL works: the emulator serves the (public) object there.
      const response = await fetch(items[0].URL);
      assert.equal(await response.text(), "ab");
      const csv = await cli("list-bucket", "listed", "--prefix", "hello", "--urls", "--csv");
      assert.ok(csv.stdout.startsWith("Key,LastModified,ETag,Size,StorageClass,Owner,URL\r\n"));
      assert.ok(csv.stdout.endsWith(`,${moto.endpoint}/listed/hello.txt\r\n`));
    });

    await t.step("--urls: on the endpoint a profile's services section gives S3", async () => {
      const dir = await Deno.makeTempDir({ prefix: "s3c-urls-" });
      try {
        await Deno.writeTextFile(
          `${dir}/config`,
          [
            "[profile lister]",
            "region = us-east-1",
            "services = lister-services",
            "[services lister-services]",
            "s3 =",
            `  endpoint_url = ${moto.endpoint}`,
            "",
          ].join("\n"),
        );
        await Deno.writeTextFile(
          `${dir}/credentials`,
          "[lister]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
        );
        const args = ["list-bucket", "listed", "--prefix", "hello", "--urls", "--nl"];
        const result = await runCli([...args, "--profile", "lister"], {
          env: {
            AWS_CONFIG_FILE: `${dir}/config`,
            AWS_SHARED_CREDENTIALS_FILE: `${dir}/credentials`,
          },
        });
        assert.equal(result.code, 0, result.stderr);
        assert.equal(JSON.parse(result.stdout).URL, `${moto.endpoint}/listed/hello.txt`);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });

    await t.step("list-bucket of a missing bucket: one line; CSV header already out", async () => {
      const result = await cli("list-bucket", "no-such-bucket", "--csv");
      assert.equal(result.code, 1);
      assert.equal(result.stdout, "Key,LastModified,ETag,Size,StorageClass,Owner\r\n");
      assert.equal(
        result.stderr,
        "error: An error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: " +
          "The specified bucket does not exist\n",
      );
      assert.doesNotMatch(result.stderr, STACK_FRAME);
    });

    await Promise.all(
      ["a.txt", "b.txt", " spaced ", "logs/1", "logs/2", "logs/deep/3", "keep/1"].map((key) =>
        put("doomed", key)
      ),
    );

    await t.step("delete-objects --dry-run lists the keys and deletes nothing", async () => {
      const result = await cli("delete-objects", "doomed", "--prefix", "logs/", "-d");
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "Deleting 3 objects from doomed\n");
      assert.equal(
        result.stdout,
        "The following keys would be deleted:\nlogs/1\nlogs/2\nlogs/deep/3\n",
      );
      assert.equal((await keysOf("doomed")).length, 7);
    });

    await t.step("delete-objects --prefix deletes just those keys", async () => {
      const result = await cli("delete-objects", "doomed", "--prefix", "logs/");
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "");
      assert.equal(result.stderr, "Deleting 3 objects from doomed\n");
      assert.deepEqual(await keysOf("doomed"), [" spaced ", "a.txt", "b.txt", "keep/1"]);
    });

    await t.step("delete-objects KEYS: exactly as given, spaces kept; -s", async () => {
      const one = await cli("delete-objects", "doomed", " spaced ");
      assert.equal(one.code, 0, one.stderr);
      assert.equal(one.stderr, "Deleting 1 object from doomed\n");
      const quiet = await cli("delete-objects", "doomed", "a.txt", "missing.txt", "-s");
      assert.equal(quiet.code, 0, quiet.stderr);
      assert.equal(quiet.stderr, "");
      assert.deepEqual(await keysOf("doomed"), ["b.txt", "keep/1"]);
      const nothing = await cli("delete-objects", "doomed", "--prefix", "nothing/");
      assert.equal(nothing.code, 0, nothing.stderr);
      assert.equal(nothing.stderr, "Deleting 0 objects from doomed\n");
    });

    await t.step("delete-objects on a missing bucket: one line, exit 1", async () => {
      const [keys, prefix] = await Promise.all([
        cli("delete-objects", "no-such-bucket", "a"),
        cli("delete-objects", "no-such-bucket", "--prefix", "x", "-s"),
      ]);
      assert.equal(keys.code, 1);
      assert.match(
        keys.stderr,
        /\nerror: An error occurred \(NoSuchBucket\) when calling the DeleteObjects operation: The specified bucket does not exist\n$/,
      );
      assert.equal(prefix.code, 1);
      assert.match(
        prefix.stderr,
        /^error: An error occurred \(NoSuchBucket\) when calling the ListObjectsV2/,
      );
    });
  } finally {
    s3.destroy();
    await moto.stop();
  }
});
