// The check the SDK makes of a GetObject body against the checksum S3 sends
// with it, for bodies fetched without the SDK's middleware (object-requests.ts).
import { createHash } from "node:crypto";
import { Crc32, Crc32c, Crc64Nvme } from "@aws-sdk/checksums/crc";

interface Checksum {
  update(data: Uint8Array): void;
  digest(): Promise<Uint8Array>;
}

/** The algorithms S3 may answer with, in the order the SDK prefers them. */
const ALGORITHMS: readonly (readonly [string, () => Checksum])[] = [
  ["sha256", () => hashOf("sha256")],
  ["sha1", () => hashOf("sha1")],
  ["crc32", () => new Crc32()],
  ["crc32c", () => new Crc32c()],
  ["crc64nvme", () => new Crc64Nvme()],
];

function hashOf(algorithm: string): Checksum {
  const hash = createHash(algorithm);
  return {
    update: (data) => void hash.update(data),
    digest: () => Promise.resolve(new Uint8Array(hash.digest())),
  };
}

/** A checksum of the parts of a multipart upload (`...-3`), not of the bytes: it cannot be checked. */
function isOfParts(value: string): boolean {
  return /-[1-9]\d*$/.test(value);
}

/**
 * `body` when it matches the first checksum header the SDK would check
 * (x-amz-checksum-sha256, ...-sha1, -crc32, -crc32c, -crc64nvme), or when
 * there is none to check; else an error, as the SDK fails the download.
 */
export async function verifiedBody(
  body: Uint8Array,
  headers: Headers,
): Promise<Uint8Array> {
  const value = (name: string) => headers.get(`x-amz-checksum-${name}`) ?? undefined;
  const present = ALGORITHMS.filter(([name]) => value(name));
  if (present.every(([name]) => isOfParts(value(name)!))) return body;
  const [name, make] = present[0];
  const header = `x-amz-checksum-${name}`;
  const expected = value(name);
  const checksum = make();
  checksum.update(body);
  const actual = btoa(String.fromCharCode(...await checksum.digest()));
  if (actual !== expected) {
    throw new Error(
      `Checksum mismatch: expected "${actual}" but received "${expected}" in response header "${header}".`,
    );
  }
  return body;
}
