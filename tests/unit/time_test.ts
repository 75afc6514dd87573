// Expected strings were produced by running Python 3.11's datetime on this machine.
import assert from "node:assert/strict";
import { formatIsoTimestamp, formatTimestamp, toPythonJsonValue } from "../../lib/output/time.ts";

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date {
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  date.setUTCFullYear(y); // Date.UTC maps years 0..99 to 1900..1999
  return date;
}

Deno.test("formatTimestamp: zero milliseconds omit the fraction", () => {
  assert.equal(formatTimestamp(utc(2020, 1, 1)), "2020-01-01 00:00:00+00:00");
  assert.equal(formatTimestamp(new Date("2026-11-28T00:25:43Z")), "2026-11-28 00:25:43+00:00");
});

Deno.test("formatTimestamp: non-zero milliseconds print six digits", () => {
  assert.equal(
    formatTimestamp(utc(2026, 11, 28, 0, 7, 20, 280)),
    "2026-11-28 00:07:20.280000+00:00",
  );
  assert.equal(formatTimestamp(utc(2021, 3, 4, 5, 6, 7, 1)), "2021-03-04 05:06:07.001000+00:00");
});

Deno.test("formatTimestamp: years below 1000 are padded to four digits", () => {
  assert.equal(
    formatTimestamp(utc(999, 12, 31, 23, 59, 59, 999)),
    "0999-12-31 23:59:59.999000+00:00",
  );
  assert.equal(formatTimestamp(utc(5, 1, 2, 3, 4, 5)), "0005-01-02 03:04:05+00:00");
});

Deno.test("formatTimestamp: rejects dates Python cannot represent", () => {
  assert.throws(() => formatTimestamp(new Date(NaN)), RangeError);
  assert.throws(() => formatTimestamp(utc(10000, 1, 1)), RangeError);
  assert.throws(() => formatTimestamp(utc(0, 1, 1)), RangeError);
});

Deno.test("formatIsoTimestamp: isoformat with T separator", () => {
  assert.equal(formatIsoTimestamp(utc(2026, 11, 28, 0, 25, 43)), "2026-11-28T00:25:43+00:00");
  assert.equal(formatIsoTimestamp(utc(2020, 1, 1)), "2020-01-01T00:00:00+00:00");
  assert.equal(
    formatIsoTimestamp(utc(2026, 11, 28, 0, 7, 20, 280)),
    "2026-11-28T00:07:20.280000+00:00",
  );
  assert.equal(formatIsoTimestamp(utc(5, 1, 2, 3, 4, 5)), "0005-01-02T03:04:05+00:00");
});

Deno.test("toPythonJsonValue: converts dates deeply and drops undefined members", () => {
  const input = {
    Name: "bucket",
    CreationDate: utc(2020, 1, 1),
    Missing: undefined,
    Items: [utc(2026, 11, 28, 0, 7, 20, 280), { When: utc(5, 1, 2), Gone: undefined }, 1, null],
  };
  assert.deepEqual(toPythonJsonValue(input), {
    Name: "bucket",
    CreationDate: "2020-01-01 00:00:00+00:00",
    Items: ["2026-11-28 00:07:20.280000+00:00", { When: "0005-01-02 00:00:00+00:00" }, 1, null],
  });
  assert.ok("Missing" in input); // input is not modified
  assert.ok(input.CreationDate instanceof Date);
});

Deno.test("toPythonJsonValue: leaves other values unchanged", () => {
  const map = new Map();
  assert.equal(toPythonJsonValue(map), map);
  assert.equal(toPythonJsonValue("s"), "s");
  assert.equal(toPythonJsonValue(undefined), undefined);
  assert.deepEqual(toPythonJsonValue([undefined]), [undefined]);
});
