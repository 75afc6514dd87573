// Upload benchmark: `deno task bench-objects --uploads [--runs N]`.
// Against a local moto emulator, uploads a file and standard input of 64 and
// 256 MiB with our CLI and with the Python tool (when installed at
// REFERENCE), each as a whole process under GNU time: wall time, client CPU
// (user + system of the process) and peak memory, each the median of N runs
// in which the two tools take turns (the Python tool without a pyenv shim in
// front), and the ratio of the medians. The floor sends the same multipart
// upload (8 MiB parts with CRC32 headers, 4 in flight) as plain unsigned
// fetch calls from this process, parts prepared beforehand: what the
// emulator alone needs. Every stored object is checked byte for byte. Rows
// are printed as docs/benchmarks.md writes them.
import { CreateBucketCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { crc32Base64 } from "../lib/transfer/checksum.ts";
import { forEachConcurrently } from "../lib/concurrency.ts";
import { startObjectBench } from "./object-bench.ts";
import { haveReference, machine, pathWithoutShims, REFERENCE, runOurs, TIME } from "./machine.ts";
import { median } from "./median.ts";
import { type Cost, formatCost, medianCost, runsOf, timedRun } from "./timed-process.ts";

const MiB = 1024 * 1024;
const PART = 8 * MiB;
const SIZES = [64 * MiB, 256 * MiB];
const runs = runsOf(Deno.args, 1);

/** Unsigned requests: moto checks no signature while IAM enforcement is off. */
const UNSIGNED = "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, " +
  "SignedHeaders=host, Signature=0";

/** The emulator alone: wall time, and of it the completion (where moto joins the parts). */
interface Floor {
  wallS: number;
  completionS: number;
}

/** The emulator alone: one multipart upload of prepared parts with CRC32 headers, by fetch. */
async function floor(path: string, bytes: Uint8Array<ArrayBuffer>): Promise<Floor> {
  const parts = [];
  for (let at = 0; at < bytes.length; at += PART) {
    const body = bytes.subarray(at, at + PART);
    parts.push({ number: parts.length + 1, body, checksum: crc32Base64(body) });
  }
  const call = async (method: string, query: string, init: RequestInit = {}) => {
    const response = await fetch(`${moto.endpoint}${path}?${query}`, {
      method,
      ...init,
      headers: { authorization: UNSIGNED, ...init.headers },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}?${query}: ${response.status} ${text}`);
    return { text, etag: response.headers.get("etag") };
  };
  const started = performance.now();
  const created = await call("POST", "uploads", {
    headers: { "x-amz-checksum-algorithm": "CRC32" },
  });
  const uploadId = /<UploadId>(.+)<\/UploadId>/.exec(created.text)![1];
  const etags: string[] = [];
  await forEachConcurrently(parts, 4, async (part) => {
    const answer = await call("PUT", `partNumber=${part.number}&uploadId=${uploadId}`, {
      body: part.body,
      headers: { "x-amz-checksum-crc32": part.checksum },
    });
    etags[part.number - 1] = answer.etag!;
  });
  const xml = parts.map((part) =>
    `<Part><PartNumber>${part.number}</PartNumber><ETag>${etags[part.number - 1]}</ETag>` +
    `<ChecksumCRC32>${part.checksum}</ChecksumCRC32></Part>`
  ).join("");
  const completing = performance.now();
  await call("POST", `uploadId=${uploadId}`, {
    body: `<CompleteMultipartUpload>${xml}</CompleteMultipartUpload>`,
  });
  const done = performance.now();
  return { wallS: (done - started) / 1000, completionS: (done - completing) / 1000 };
}

async function storedBytesEqual(key: string, path: string): Promise<void> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: "uploads", Key: key }));
  const stored = await answer.Body!.transformToByteArray();
  const digest = async (bytes: Uint8Array<ArrayBuffer>) =>
    new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).join();
  if (
    (await digest(stored as Uint8Array<ArrayBuffer>)) !== (await digest(await Deno.readFile(path)))
  ) {
    throw new Error(`${key}: the stored bytes differ`);
  }
}

/** Ours over theirs, wall and CPU: under 1 means ours took less. */
const ratios = (ours: Cost, theirs: Cost) =>
  `${(ours.wallS / theirs.wallS).toFixed(2)}× wall, ${(ours.cpuS / theirs.cpuS).toFixed(2)}× CPU`;
const reproduce = `\`deno task bench-objects --uploads --runs ${runs}\``;
const PEER_ENV = { PATH: await pathWithoutShims() };

console.log(`Machine: ${machine()}; wall, CPU (user + system) and peak memory by ${TIME}`);
if (!haveReference) {
  console.log(`The Python tool is not installed at ${REFERENCE}: its column is empty.`);
}
console.log();
Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");
const { moto, tmp, s3, env, close } = await startObjectBench("uploads");
try {
  await s3.send(new CreateBucketCommand({ Bucket: "uploads" }));
  console.log("| what | this tool | peer or floor (same run) | reproduce |\n|---|---|---|---|");
  for (const size of SIZES) {
    const path = `${tmp}/${size / MiB}.bin`;
    const block = crypto.getRandomValues(new Uint8Array(MiB / 16));
    const file = await Deno.open(path, { write: true, create: true });
    for (let written = 0; written < size; written += block.length) {
      block[0] = written / block.length; // no two blocks alike
      await file.write(block);
    }
    file.close();
    const bytes = await Deno.readFile(path);
    const floors: Floor[] = [];
    for (let i = 0; i < runs; i++) floors.push(await floor(`/uploads/floor-${size}`, bytes));
    const floorWall = median(floors.map((f) => f.wallS)).toFixed(2);
    const floorCompletion = median(floors.map((f) => f.completionS)).toFixed(2);
    for (const fromStdin of [false, true]) {
      const source = fromStdin ? "-" : path;
      const label = `\`put-object\`, ${size / MiB} MiB ${
        fromStdin ? "from standard input" : "file"
      }`;
      const stdinPath = fromStdin ? path : undefined;
      const ours: Cost[] = [];
      const theirs: Cost[] = [];
      for (let i = 0; i < runs; i++) {
        const key = `ours-${size}-${fromStdin}`;
        ours.push(
          await timedRun(
            [
              Deno.execPath(),
              ...runOurs(),
              "put-object",
              "uploads",
              key,
              source,
              "-s",
              "--endpoint-url",
              moto.endpoint,
            ],
            { env, stdinPath },
          ),
        );
        await storedBytesEqual(key, path);
        if (!haveReference) continue;
        const theirKey = `python-${size}-${fromStdin}`;
        theirs.push(
          await timedRun(
            [
              REFERENCE,
              "put-object",
              "uploads",
              theirKey,
              source,
              "-s",
              "--endpoint-url",
              moto.endpoint,
            ],
            { env: { ...env, ...PEER_ENV }, stdinPath },
          ),
        );
        await storedBytesEqual(theirKey, path);
      }
      const mine = medianCost(ours);
      const python = haveReference
        ? `Python ${formatCost(medianCost(theirs))} (${ratios(mine, medianCost(theirs))})`
        : "Python not installed";
      const floorCell = `floor ${floorWall} s, ${floorCompletion} s of it completion`;
      console.log(`| ${label} | ${formatCost(mine)} | ${python}; ${floorCell} | ${reproduce} |`);
    }
  }
} finally {
  await close();
}
