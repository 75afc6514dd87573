// list-users streams: each page's users are written before the next page is
// even requested, so memory holds one page however many users there are.
import assert from "node:assert/strict";
import { IAMClient, ListUsersCommand, type User } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { listUsers } from "../../lib/actions/users-listing.ts";
import { USER_COLUMNS } from "../../lib/output/columns.ts";
import { userRow } from "../../lib/output/account-rows.ts";
import { rowsOf, writeListing } from "../../lib/output/listing.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const USERS = 3000;
const PAGE = 100;

function user(i: number): User {
  return {
    UserName: `user-${i}`,
    // Keys out of the reference's order, as the SDK may yield them.
    Arn: `arn:aws:iam::123456789012:user/user-${i}`,
    UserId: `AIDA${i}`,
    Path: "/",
    CreateDate: new Date(Date.UTC(2020, 0, 1)),
  };
}

function fakeIam() {
  const iam = new IAMClient({
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  const mock = mockClient(iam);
  const markers: (string | undefined)[] = [];
  mock.on(ListUsersCommand).callsFake((input: { Marker?: string }) => {
    markers.push(input.Marker);
    const from = Number(input.Marker ?? 0);
    const to = Math.min(from + PAGE, USERS);
    const users = Array.from({ length: to - from }, (_, k) => user(from + k));
    return to < USERS
      ? { Users: users, IsTruncated: true, Marker: String(to) }
      : { Users: users, IsTruncated: false };
  });
  return { iam, markers };
}

for (const format of ["json", "csv"] as const) {
  Deno.test(`list-users (${format}) writes each page's users before asking for the next page`, async () => {
    const { iam, markers } = fakeIam();
    // For every write: how many pages had been requested when it happened.
    const pagesAtWrite: number[] = [];
    let output = "";
    const count = await writeListing(
      rowsOf(listUsers(iam), userRow),
      format,
      USER_COLUMNS,
      (text) => {
        pagesAtWrite.push(markers.length);
        output += text;
      },
    );
    assert.equal(count, USERS);
    assert.equal(markers.length, USERS / PAGE, "every page was requested, once");
    assert.deepEqual(markers.slice(0, 3), [undefined, "100", "200"]);
    // Before the first request (CSV header) or with the first page in hand.
    assert.ok(pagesAtWrite[0] <= 1, `first write after ${pagesAtWrite[0]} pages`);
    // Item k (counting from 0) was written while page floor(k / 100) was the newest one.
    const itemWrites = format === "json"
      ? pagesAtWrite.filter((_, i) => i % 2 === 0).slice(0, USERS)
      : pagesAtWrite.slice(1, USERS + 1);
    for (const k of [0, 99, 100, 1234, 2999]) {
      assert.equal(itemWrites[k], Math.floor(k / PAGE) + 1, `item ${k}`);
    }
    if (format === "json") {
      const parsed = JSON.parse(output);
      assert.equal(parsed.length, USERS);
      assert.deepEqual(Object.keys(parsed[1234]), [
        "Path",
        "UserName",
        "UserId",
        "Arn",
        "CreateDate",
      ]);
      assert.equal(parsed[2999].UserName, "user-2999");
    } else {
      const lines = output.split("\r\n");
      assert.equal(lines.length, USERS + 2);
      assert.equal(
        lines[1],
        "user-0,AIDA0,arn:aws:iam::123456789012:user/user-0,/,2020-01-01 00:00:00+00:00,,,",
      );
    }
  });
}

Deno.test("list-users asks IAM for its largest pages (MaxItems 1000)", async () => {
  const iam = new IAMClient({
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  const mock = mockClient(iam);
  mock.on(ListUsersCommand).resolves({ Users: [user(1)], IsTruncated: false });
  const items = [];
  for await (const item of listUsers(iam)) items.push(item);
  assert.equal(items.length, 1);
  assert.equal(mock.commandCalls(ListUsersCommand)[0].args[0].input.MaxItems, 1000);
});
