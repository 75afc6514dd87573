// Listing output: the streamed JSON array, --nl, CSV and TSV.
import assert from "node:assert/strict";
import { formatCell, type Item, pickInOrder, writeListing } from "../../lib/output/listing.ts";
import { listingFormatOf } from "../../lib/cli/flags/listing.ts";
import { UsageError } from "../../lib/errors.ts";

const USERS: Item[] = [
  {
    Path: "/",
    UserName: "NameA",
    UserId: "AID000000000000000001",
    Arn: "arn:aws:iam::000000000000:user/NameB",
    CreateDate: new Date("2020-01-01T00:00:00Z"),
  },
  {
    Path: "/",
    UserName: "NameA",
    UserId: "AID000000000000000000",
    Arn: "arn:aws:iam::000000000000:user/NameB",
    CreateDate: new Date("2020-01-01T00:00:00Z"),
  },
];

async function render(
  items: Item[],
  format: "json" | "nl" | "csv" | "tsv",
  columns: string[] = [],
): Promise<string> {
  let out = "";
  await writeListing(items, format, columns, (text) => out += text);
  return out;
}

Deno.test("the default JSON array matches the reference's layout (two users)", async () => {
  assert.equal(
    await render(USERS, "json"),
    `[
  {
    "Path": "/",
    "UserName": "NameA",
    "UserId": "AID000000000000000001",
    "Arn": "arn:aws:iam::000000000000:user/NameB",
    "CreateDate": "2020-01-01 00:00:00+00:00"
  },
  {
    "Path": "/",
    "UserName": "NameA",
    "UserId": "AID000000000000000000",
    "Arn": "arn:aws:iam::000000000000:user/NameB",
    "CreateDate": "2020-01-01 00:00:00+00:00"
  }
]
`,
  );
});

Deno.test("empty listings: [] for JSON, nothing for --nl, the header alone for CSV/TSV", async () => {
  assert.equal(await render([], "json"), "[]\n");
  assert.equal(await render([], "nl"), "");
  assert.equal(await render([], "csv", ["Name", "CreationDate"]), "Name,CreationDate\r\n");
  assert.equal(await render([], "tsv", ["Name", "CreationDate"]), "Name\tCreationDate\r\n");
});

Deno.test("nested values: indented inside the array, compact with --nl", async () => {
  const item = { Name: "café", Tags: [{ Key: "a", Value: "b" }], Empty: {} };
  assert.equal(
    await render([item], "json"),
    `[
  {
    "Name": "caf\\u00e9",
    "Tags": [
      {
        "Key": "a",
        "Value": "b"
      }
    ],
    "Empty": {}
  }
]
`,
  );
  assert.equal(
    await render([item, { Name: "x" }], "nl"),
    `{"Name": "caf\\u00e9", "Tags": [{"Key": "a", "Value": "b"}], "Empty": {}}\n{"Name": "x"}\n`,
  );
});

Deno.test("CSV quotes only what needs it, doubles quotes, ends rows with CRLF", async () => {
  const columns = ["Key", "ETag", "Size", "Flag", "Missing", "Owner"];
  const items = [
    {
      Key: "a,b",
      ETag: '"abc"',
      Size: 12,
      Flag: true,
      Owner: { ID: "x" },
      Extra: "not a column",
    },
    { Key: "line\nbreak", ETag: "plain", Size: 0, Flag: false, Missing: null },
  ];
  assert.equal(
    await render(items, "csv", columns),
    "Key,ETag,Size,Flag,Missing,Owner\r\n" +
      '"a,b","""abc""",12,True,,"{\n  ""ID"": ""x""\n}"\r\n' +
      '"line\nbreak",plain,0,False,,\r\n',
  );
});

Deno.test("TSV quotes tabs and quotes but not commas", async () => {
  assert.equal(
    await render([{ A: "x,y", B: "t\tab", C: 'q"' }], "tsv", ["A", "B", "C"]),
    'A\tB\tC\r\nx,y\t"t\tab"\t"q"""\r\n',
  );
});

Deno.test("cells: dates in the reference's format, nested values as indented JSON", () => {
  assert.equal(
    formatCell(new Date("2026-11-28T00:07:20.280Z")),
    "2026-11-28 00:07:20.280000+00:00",
  );
  assert.equal(formatCell(["a"]), '[\n  "a"\n]');
  assert.equal(formatCell(undefined), "");
  assert.equal(formatCell("é"), "é");
});

Deno.test("the listing streams: each item is written before the next one is produced", async () => {
  const written: string[] = [];
  let produced = 0;
  async function* items() {
    for (let i = 0; i < 3; i++) {
      produced++;
      // By the time item i+1 is asked for, item i must already be out.
      assert.equal(written.filter((w) => w.includes('"n"')).length, i);
      yield { n: i };
    }
  }
  await writeListing(items(), "json", [], (text) => written.push(text));
  assert.equal(produced, 3);
});

Deno.test("pickInOrder orders keys as given and drops absent ones", () => {
  const picked = pickInOrder({ b: 2, a: 1, $metadata: {}, c: undefined }, ["a", "b", "c"]);
  assert.deepEqual(Object.entries(picked), [["a", 1], ["b", 2]]);
});

Deno.test("--nl, --csv and --tsv are exclusive", () => {
  assert.equal(listingFormatOf({ nl: false, csv: false, tsv: false }), "json");
  assert.equal(listingFormatOf({ nl: false, csv: true, tsv: false }), "csv");
  assert.throws(
    () => listingFormatOf({ nl: true, csv: false, tsv: true }),
    (e) => e instanceof UsageError && e.message === "--nl, --tsv cannot be used together",
  );
});
