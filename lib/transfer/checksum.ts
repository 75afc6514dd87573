// CRC32 checksums as S3 expects them in `x-amz-checksum-crc32`: the
// big-endian 32-bit value, base64-encoded. zlib's crc32 is native code.
import { crc32 } from "node:zlib";
import { httpStatusOf, isAwsError } from "../aws/service-errors.ts";

/** The base64 CRC32 of `bytes`, as S3's `ChecksumCRC32` fields carry it. */
export function crc32Base64(bytes: Uint8Array): string {
  const value = crc32(bytes) >>> 0;
  return btoa(
    String.fromCharCode(value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255),
  );
}

interface HasMiddleware {
  middlewareStack: { add(middleware: unknown, options: { step: "build"; name: string }): void };
}

type Next = (args: { request: unknown }) => Promise<unknown>;

/**
 * Has `command` signed without hashing its body (`UNSIGNED-PAYLOAD`): for a
 * body that carries its CRC32 in a header, which is signed and which S3
 * checks, hashing it again for the signature costs CPU and adds nothing.
 */
export function withUnsignedPayload<C>(command: C): C {
  (command as HasMiddleware).middlewareStack.add(
    (next: Next) => (args: { request: unknown }) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
      return next(args);
    },
    { step: "build", name: "s3CredentialsUnsignedPayload" },
  );
  return command;
}

/**
 * True for an answer that refuses checksum headers themselves (a server that
 * does not implement them), as opposed to one that found the request damaged
 * (BadDigest, or a checksum value it cannot read), which must fail the upload.
 */
export function refusesChecksums(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status === 501) return true;
  const message = error instanceof Error ? error.message : "";
  return status === 400 &&
    isAwsError(error, "InvalidArgument", "InvalidRequest", "NotImplemented") &&
    /checksum/i.test(message) && !/value for \S+ header is invalid/i.test(message);
}
