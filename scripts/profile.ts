// Where a command's time goes: `deno run -A scripts/profile.ts COMMAND ARGS...` runs the command
// in this process under V8's sampling profiler (node:inspector), writes the profile to
// s3c.cpuprofile (open it in Chrome's DevTools) and prints the share of samples in each stage of
// a transfer. A sample counts for the first stage, in the order below, that any frame of its stack
// belongs to; the rest is "other".
import { Session } from "node:inspector/promises";
import { main } from "../main.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

/** Stages by the frames that mark them (function name, and file when given). */
const STAGES: readonly (readonly [string, (frame: ProfileNode["callFrame"]) => boolean])[] = [
  ["idle (waiting on the network)", (f) => f.functionName === "(idle)"],
  ["garbage collection", (f) => f.functionName === "(garbage collector)"],
  [
    "start-up: loading modules",
    (f) => /^(Module\._load|loadMaybeCjs|loadExtScript)$/.test(f.functionName),
  ],
  [
    "file system: the temporary file and its rename",
    (f) => /writeSmallFileAtomically|writeFileAtomically/.test(f.functionName),
  ],
  [
    "file system: reading files to upload",
    (f) => /^(readExpected|collectUploadFiles)$/.test(f.functionName),
  ],
  [
    "signing (the SDK's SignatureV4)",
    (f) => f.functionName === "signRequest" || f.functionName === "presign",
  ],
  [
    "HTTP: fetch, request and response",
    (f) => f.url.includes("request-control"),
  ],
  [
    "listing pages: parsing",
    (f) => f.functionName === "parseListPage" || f.functionName === "parseXML",
  ],
  ["the SDK's middleware stack and its HTTP handler", (f) => /\/@(smithy|aws-sdk)\//.test(f.url)],
  ["output: listing rows", (f) => f.functionName === "writeListing"],
  ["checksums (CRC32 of uploads)", (f) => f.functionName === "crc32Base64"],
];

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 200 });
await session.post("Profiler.start");
const code = await main(Deno.args);
const { profile } = await session.post("Profiler.stop") as { profile: Profile };
await Deno.writeTextFile("s3c.cpuprofile", JSON.stringify(profile));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) {
  for (const child of node.children ?? []) parent.set(child, node.id);
}
const counts = new Map<string, number>();
for (const sample of profile.samples) {
  const frames: ProfileNode["callFrame"][] = [];
  for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
    frames.push(byId.get(id)!.callFrame);
  }
  const stage = STAGES.find(([, matches]) => frames.some(matches))?.[0] ?? "other";
  counts.set(stage, (counts.get(stage) ?? 0) + 1);
}
const total = profile.samples.length;
console.error(`\n${total} samples every 0.2 ms of the main thread (s3c.cpuprofile):`);
for (const [stage, count] of [...counts].sort((a, b) => b[1] - a[1])) {
  console.error(`${(100 * count / total).toFixed(1).padStart(5)}%  ${stage}`);
}
Deno.exitCode = code;
