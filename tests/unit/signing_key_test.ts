// A signer that keeps its signing key (lib/aws/signing-key.ts) signs exactly
// as the SDK's own signer does, derives a key once per credentials object and
// scope, and derives again when either changes or a derivation failed.
import assert from "node:assert/strict";
import { S3Client } from "@aws-sdk/client-s3";
import { HttpRequest } from "@smithy/core/transport";
import { rememberSigningKeys } from "../../lib/aws/signing-key.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  expiration: Date;
}

interface Signer {
  sign(request: HttpRequest, options: { signingDate: Date }): Promise<HttpRequest>;
}

/** The S3 signer of a client whose credentials are whatever `current()` returns at the time. */
async function signerOf(current: () => Credentials): Promise<Signer> {
  const s3 = new S3Client({ region: "eu-west-1", credentials: () => Promise.resolve(current()) });
  const config = s3.config as unknown as { signer(scheme: unknown): Promise<Signer> };
  return await config.signer({ name: "sigv4", signingName: "s3", signingRegion: "eu-west-1" });
}

/** Counts the keys `signer` derives, failing the derivations `fail` picks. */
function countDerivations(signer: Signer, fail: (count: number) => boolean = () => false) {
  const target = (signer as unknown as { sigv4Signer: Record<string, unknown> }).sigv4Signer;
  const derive = (target.getSigningKey as (...args: unknown[]) => Promise<Uint8Array>).bind(target);
  const counter = { count: 0 };
  target.getSigningKey = (...args: unknown[]) => {
    counter.count++;
    return fail(counter.count) ? Promise.reject(new Error("no key")) : derive(...args);
  };
  return counter;
}

const request = (key: string) =>
  new HttpRequest({
    method: "GET",
    protocol: "https:",
    hostname: "bkt.s3.eu-west-1.amazonaws.com",
    path: `/${key}`,
    headers: { host: "bkt.s3.eu-west-1.amazonaws.com" },
  });

async function authorization(signer: Signer, key: string, date: Date): Promise<string> {
  return (await signer.sign(request(key), { signingDate: date })).headers.authorization;
}

const DAY_ONE = new Date("2026-12-04T10:00:00Z");
const DAY_TWO = new Date("2026-12-05T10:00:00Z");
// Expiring within the SDK's refresh window, so that the client asks its provider before each request.
const soon = new Date(Date.now() + 60_000);
const FIRST: Credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "first-secret",
  expiration: soon,
};
const SECOND: Credentials = { ...FIRST, secretAccessKey: "second-secret" };

Deno.test("a kept signing key signs as the SDK's signer does, derived once per credentials and day", async () => {
  let current = FIRST;
  const kept = await signerOf(() => current);
  const derivations = countDerivations(kept);
  rememberSigningKeys(kept);
  rememberSigningKeys(kept); // a second call (another bucket of the same client) adds no derivation
  const fresh = await signerOf(() => current);

  for (const key of ["a.txt", "b.txt", "c.txt"]) {
    assert.equal(await authorization(kept, key, DAY_ONE), await authorization(fresh, key, DAY_ONE));
  }
  assert.equal(derivations.count, 1, "one key for three requests of one day");

  assert.equal(
    await authorization(kept, "a.txt", DAY_TWO),
    await authorization(fresh, "a.txt", DAY_TWO),
  );
  assert.equal(derivations.count, 2, "a new day, a new key");

  const before = await authorization(kept, "a.txt", DAY_TWO);
  current = SECOND;
  const after = await authorization(kept, "a.txt", DAY_TWO);
  assert.notEqual(after, before, "new credentials sign differently");
  assert.equal(after, await authorization(fresh, "a.txt", DAY_TWO));
  assert.equal(derivations.count, 3, "new credentials, a new key");
});

Deno.test("a failed key derivation is not kept: the next request derives again", async () => {
  const signer = await signerOf(() => FIRST);
  const derivations = countDerivations(signer, (count) => count === 1);
  rememberSigningKeys(signer);
  await assert.rejects(authorization(signer, "a.txt", DAY_ONE), /no key/);
  const fresh = await signerOf(() => FIRST);
  assert.equal(
    await authorization(signer, "a.txt", DAY_ONE),
    await authorization(fresh, "a.txt", DAY_ONE),
  );
  assert.equal(derivations.count, 2);
});
