// Progress bars: rendering, and what is written in each mode.
import assert from "node:assert/strict";
import { progressModeFor, renderProgressBar, startProgress } from "../../lib/output/progress.ts";

Deno.test("the bar: 36 characters of # and -, percentage right-aligned", () => {
  assert.equal(renderProgressBar("Up", 0, 100), `Up  [${"-".repeat(36)}]    0%`);
  assert.equal(renderProgressBar("Up", 17, 100), `Up  [${"#".repeat(6)}${"-".repeat(30)}]   17%`);
  assert.equal(renderProgressBar("Up", 100, 100), `Up  [${"#".repeat(36)}]  100%`);
  assert.equal(renderProgressBar("Up", 150, 100), `Up  [${"#".repeat(36)}]  100%`);
  assert.equal(renderProgressBar("Up", 0, 0), `Up  [${"#".repeat(36)}]  100%`);
  assert.equal(renderProgressBar("Up", 1, 2, 4), "Up  [##--]   50%");
});

Deno.test("an unknown total shows the bytes so far", () => {
  assert.equal(renderProgressBar("Uploading", 3 * 1024 * 1024, undefined), "Uploading  3.0 MB");
});

Deno.test("the mode: nothing when silent, a bar only on a terminal", () => {
  assert.equal(progressModeFor(true, true), "none");
  assert.equal(progressModeFor(false, true), "bar");
  assert.equal(progressModeFor(false, false), "label");
});

function recorder() {
  const written: string[] = [];
  return { written, write: (text: string) => written.push(text) };
}

Deno.test("into a pipe only the label is printed, once", () => {
  const { written, write } = recorder();
  const progress = startProgress({
    label: "Uploading 6.0 bytes (3 files)",
    total: 6,
    mode: "label",
    write,
  });
  progress.advance(3);
  progress.advance(3);
  progress.finish();
  assert.deepEqual(written, ["Uploading 6.0 bytes (3 files)\n"]);
});

Deno.test("silent prints nothing", () => {
  const { written, write } = recorder();
  const progress = startProgress({ label: "x", total: 1, mode: "none", write });
  progress.advance(1);
  progress.finish();
  assert.deepEqual(written, []);
});

Deno.test("on a terminal the bar is redrawn in place, throttled, and ended", () => {
  const { written, write } = recorder();
  let clock = 0;
  const progress = startProgress({
    label: "L",
    total: 4,
    mode: "bar",
    write,
    now: () => clock,
    intervalMs: 100,
    width: 4,
  });
  progress.advance(1); // too soon: not drawn
  clock = 150;
  progress.advance(1);
  progress.finish();
  progress.finish();
  assert.deepEqual(written, [
    "\r\x1b[?25lL  [----]    0%",
    "\r\x1b[?25lL  [##--]   50%",
    "\r\x1b[?25lL  [##--]   50%",
    "\x1b[?25h\n",
  ]);
});

Deno.test("a zero-byte transfer is not drawn complete before it is finished", () => {
  const { written, write } = recorder();
  const progress = startProgress({ label: "L", total: 0, mode: "bar", write, width: 4 });
  progress.advance(0);
  progress.finish();
  assert.deepEqual(written, [
    "\r\x1b[?25lL  [----]    0%",
    "\r\x1b[?25lL  [####]  100%",
    "\x1b[?25h\n",
  ]);
});
