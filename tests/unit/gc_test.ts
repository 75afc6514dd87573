// When a many-file run asks V8 for a full collection: a large heap, or (for
// downloads) a process grown since the last collection.
import assert from "node:assert/strict";
import { type CollectorRuntime, fileCountCollector } from "../../lib/gc.ts";

const MiB = 1024 * 1024;

/** A fake runtime: memory as the test sets it, collections counted (and shrinking rss). */
function fakeRuntime(start: { heapUsed: number; rss: number }) {
  const memory = { ...start };
  let collections = 0;
  const runtime: CollectorRuntime = {
    memory: () => ({ ...memory }),
    collect: () => () => {
      collections++;
      memory.rss -= 20 * MiB;
    },
  };
  return { memory, runtime, collections: () => collections };
}

Deno.test("a large heap asks for a collection, at most once every `every` files", () => {
  const fake = fakeRuntime({ heapUsed: 40 * MiB, rss: 100 * MiB });
  const afterFile = fileCountCollector(10, undefined, fake.runtime);
  for (let i = 0; i < 9; i++) afterFile();
  assert.equal(fake.collections(), 0);
  afterFile();
  assert.equal(fake.collections(), 1);
  fake.memory.heapUsed = 10 * MiB;
  for (let i = 0; i < 10; i++) afterFile();
  assert.equal(fake.collections(), 1, "a small heap is left alone");
});

Deno.test("with a growth limit, a process grown since the last collection asks for one", () => {
  const fake = fakeRuntime({ heapUsed: 10 * MiB, rss: 100 * MiB });
  const heapOnly = fileCountCollector(1, undefined, fake.runtime);
  const withGrowth = fileCountCollector(1, 32 * MiB, fake.runtime);
  fake.memory.rss += 30 * MiB;
  heapOnly();
  withGrowth();
  assert.equal(fake.collections(), 0, "30 MiB of growth is within the limit");
  fake.memory.rss += 10 * MiB;
  heapOnly();
  assert.equal(fake.collections(), 0, "without a limit, growth alone asks for nothing");
  withGrowth();
  assert.equal(fake.collections(), 1);
  // Measured again after the collection: 120 MiB now, so the next one waits for 152 MiB.
  fake.memory.rss += 30 * MiB;
  withGrowth();
  assert.equal(fake.collections(), 1);
  fake.memory.rss += 5 * MiB;
  withGrowth();
  assert.equal(fake.collections(), 2);
});
