import assert from "node:assert/strict";
import { parseDuration } from "../../lib/cli/flags/duration.ts";

const FORM = "Duration must be of form 3600s or 15m or 2h";
const RANGE = "Duration must be between 15 minutes and 12 hours";

Deno.test("parseDuration: accepted forms, in seconds", () => {
  const cases: [string, number][] = [
    ["900", 900],
    ["0900", 900],
    ["1200s", 1200],
    ["15m", 900],
    ["720m", 43200],
    ["12h", 43200],
    ["1h", 3600],
    ["43200", 43200],
    ["43200s", 43200],
  ];
  for (const [text, seconds] of cases) assert.equal(parseDuration(text), seconds, text);
});

Deno.test("parseDuration: values not of the form", () => {
  for (const text of ["1d", "1H", "15M", "1.5h", "-5", "", " 15m", "15m ", "15 m", "m", "1e3"]) {
    assert.throws(() => parseDuration(text), { message: FORM }, JSON.stringify(text));
  }
});

Deno.test("parseDuration: values out of range", () => {
  for (const text of ["899", "14m", "13h", "43201", "0", "0h", "721m"]) {
    assert.throws(() => parseDuration(text), { message: RANGE }, text);
  }
});
