// Files that change while uploadFile reads them for a single PUT: nothing is
// sent. The change is made as the first read starts, by wrapping FsFile.read and readSync;
// the S3 calls are asserted with aws-sdk-client-mock.
import assert from "node:assert/strict";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { PART_SIZE } from "../../lib/transfer/upload-object.ts";
import { uploadFile } from "../../lib/transfer/upload-file.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const OLD = new Date("2020-01-01");

function s3Client() {
  return new S3Client({
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
}

/** Runs `task` with `change` made once, just before the first read of any file. */
async function withChangeOnFirstRead<T>(change: () => void, task: () => Promise<T>): Promise<T> {
  const { read, readSync } = Deno.FsFile.prototype;
  let changed = false;
  const changeOnce = () => {
    if (!changed) {
      changed = true;
      change();
    }
  };
  Deno.FsFile.prototype.read = function (buffer) {
    changeOnce();
    return read.call(this, buffer);
  };
  Deno.FsFile.prototype.readSync = function (buffer) {
    changeOnce();
    return readSync.call(this, buffer);
  };
  try {
    return await task();
  } finally {
    Deno.FsFile.prototype.read = read;
    Deno.FsFile.prototype.readSync = readSync;
  }
}

const CHANGES: Record<string, (path: string, size: number) => void> = {
  "shrinks": (path, size) => Deno.truncateSync(path, size / 2),
  "grows": (path) => Deno.writeFileSync(path, new Uint8Array(10), { append: true }),
  "is rewritten in place": (path) => {
    const file = Deno.openSync(path, { write: true });
    try {
      file.writeSync(new Uint8Array(16).fill(9));
    } finally {
      file.close();
    }
  },
};

// A file of one part that grows has two parts: the multipart tests cover it.
const CASES = [
  { size: 1000, label: "a small file", changes: Object.keys(CHANGES) },
  { size: PART_SIZE, label: "a file of one part", changes: ["shrinks", "is rewritten in place"] },
];

for (const { size, label, changes } of CASES) {
  for (const name of changes) {
    const change = CHANGES[name];
    Deno.test(`${label} that ${name} while read for its PUT: nothing is sent`, async () => {
      const tmp = await Deno.makeTempDir({ prefix: "s3c-changed-unit-" });
      const path = `${tmp}/f.bin`;
      const s3 = s3Client();
      const mock = mockClient(s3);
      mock.on(PutObjectCommand).resolves({});
      try {
        await Deno.writeFile(path, new Uint8Array(size).fill(7));
        await Deno.utime(path, OLD, OLD);
        await assert.rejects(
          withChangeOnFirstRead(
            () => change(path, size),
            () => uploadFile(s3, { bucket: "bkt", key: "k", path }),
          ),
          { message: `cannot upload ${path}: it changed while it was being read` },
        );
        assert.equal(mock.calls().length, 0, "no request sent");
      } finally {
        s3.destroy();
        await Deno.remove(tmp, { recursive: true });
      }
    });
  }
}

Deno.test("a small file left alone is one PUT of exactly its bytes", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "s3c-changed-unit-" });
  const s3 = s3Client();
  const mock = mockClient(s3);
  mock.on(PutObjectCommand).resolves({});
  try {
    await Deno.writeTextFile(`${tmp}/f.txt`, "hello");
    await uploadFile(s3, { bucket: "bkt", key: "k", path: `${tmp}/f.txt` });
    const [call] = mock.commandCalls(PutObjectCommand);
    assert.equal(new TextDecoder().decode(call.args[0].input.Body as Uint8Array), "hello");
    assert.equal(call.args[0].input.ContentLength, 5);
  } finally {
    s3.destroy();
    await Deno.remove(tmp, { recursive: true });
  }
});
