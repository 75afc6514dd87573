// The localserver credential cache, driven by a fake clock and a fake credential source.
import assert from "node:assert/strict";
import {
  CredentialCache,
  CredentialsUnavailableError,
  refreshMarginMs,
  RETRY_AFTER_FAILURE_MS,
} from "../../lib/server/credential-cache.ts";
import type { SessionCredentials } from "../../lib/credentials.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function creds(id: string, expiresAt: number): SessionCredentials {
  return {
    AccessKeyId: id,
    SecretAccessKey: `secret-${id}`,
    SessionToken: `token-${id}`,
    Expiration: new Date(expiresAt),
  };
}

/** A clock the test moves, and a credential source the test answers by hand. */
function harness(initial?: SessionCredentials, marginMs = 15 * MINUTE) {
  let now = 0;
  const pending: PromiseWithResolvers<SessionCredentials>[] = [];
  const errors: unknown[] = [];
  const cache = new CredentialCache({
    fetch: () => {
      const call = Promise.withResolvers<SessionCredentials>();
      pending.push(call);
      return call.promise;
    },
    refreshMarginMs: marginMs,
    initial,
    now: () => now,
    onRenewalError: (error) => errors.push(error),
  });
  return {
    cache,
    pending,
    errors,
    setNow: (ms: number) => now = ms,
  };
}

/** Lets queued promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("the margin is 15 minutes, or a third of a session shorter than 45 minutes", () => {
  assert.equal(refreshMarginMs(900), 5 * MINUTE);
  assert.equal(refreshMarginMs(1200), 400_000);
  assert.equal(refreshMarginMs(2700), 15 * MINUTE);
  assert.equal(refreshMarginMs(3600), 15 * MINUTE);
  assert.equal(refreshMarginMs(43200), 15 * MINUTE);
});

/** Whether `promise` has settled once queued callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(() => done = true, () => done = true);
  await settle();
  return done;
}

Deno.test("within the margin the valid set is served at once while one renewal runs behind", async () => {
  const h = harness(creds("A", HOUR));
  h.setNow(HOUR - 15 * MINUTE - 1);
  assert.equal((await h.cache.get()).AccessKeyId, "A");
  assert.equal(h.cache.fetches, 0);

  h.setNow(HOUR - 15 * MINUTE);
  const first = h.cache.get();
  assert.ok(await settled(first), "a request waited for the renewal");
  assert.equal((await first).AccessKeyId, "A");
  assert.equal(h.cache.fetches, 1);
  // 200 more during the renewal: the same set at once, and no second renewal.
  h.setNow(HOUR - MINUTE);
  const during = Array.from({ length: 200 }, () => h.cache.get());
  assert.ok(await settled(Promise.all(during)), "requests waited for the renewal");
  assert.deepEqual(new Set((await Promise.all(during)).map((c) => c.AccessKeyId)), new Set(["A"]));
  assert.equal(h.cache.fetches, 1);

  h.pending[0].resolve(creds("B", 2 * HOUR));
  await settle();
  assert.equal((await h.cache.get()).AccessKeyId, "B");
  // The new set is cached: no further fetch until its own margin.
  h.setNow(2 * HOUR - 15 * MINUTE - 1);
  assert.equal((await h.cache.get()).AccessKeyId, "B");
  assert.equal(h.cache.fetches, 1);
});

Deno.test("without initial credentials the first get fetches", async () => {
  const h = harness();
  const first = h.cache.get();
  await settle();
  assert.equal(h.pending.length, 1);
  h.pending[0].resolve(creds("A", HOUR));
  assert.equal((await first).AccessKeyId, "A");
});

Deno.test("once the set expires during a renewal, requests wait for that renewal", async () => {
  const h = harness(creds("A", HOUR));
  h.setNow(HOUR - MINUTE);
  assert.equal((await h.cache.get()).AccessKeyId, "A");
  // Expired at this very instant: never served again, whatever the renewal does.
  h.setNow(HOUR);
  const waiting = Array.from({ length: 200 }, () => h.cache.get());
  assert.equal(await settled(Promise.race(waiting)), false);
  assert.equal(h.cache.fetches, 1);
  h.pending[0].resolve(creds("B", 2 * HOUR));
  const results = await Promise.all(waiting);
  assert.deepEqual(new Set(results.map((c) => c.AccessKeyId)), new Set(["B"]));
  assert.equal(h.pending.length, 1);
});

Deno.test("a renewal that answers an already expired set fails and is not served", async () => {
  const h = harness(creds("A", HOUR));
  h.setNow(HOUR);
  const get = h.cache.get();
  await settle();
  h.pending[0].resolve(creds("B", HOUR));
  await assert.rejects(get, CredentialsUnavailableError);
  assert.equal(h.errors.length, 1);
  assert.match(String(h.errors[0]), /clock has already passed/);
});

Deno.test("200 concurrent first gets with nothing cached make one fetch", async () => {
  const h = harness();
  const gets = Array.from({ length: 200 }, () => h.cache.get());
  await settle();
  h.pending[0].resolve(creds("A", HOUR));
  const results = await Promise.all(gets);
  assert.ok(results.every((c) => c === results[0]));
  assert.equal(h.cache.fetches, 1);
});

Deno.test("a failed renewal serves still-valid credentials, reports once, then waits", async () => {
  const h = harness(creds("A", HOUR));
  h.setNow(HOUR - MINUTE);
  const gets = Array.from({ length: 50 }, () => h.cache.get());
  assert.ok((await Promise.all(gets)).every((c) => c.AccessKeyId === "A"));
  const failure = new Error("AccessDenied");
  h.pending[0].reject(failure);
  await settle();
  assert.deepEqual(h.errors, [failure]);
  assert.equal(h.cache.fetches, 1);

  // Within the pause after a failure, the valid set is served without asking again.
  h.setNow(HOUR - MINUTE + RETRY_AFTER_FAILURE_MS - 1);
  assert.equal((await h.cache.get()).AccessKeyId, "A");
  assert.equal(h.cache.fetches, 1);

  // After it, the next get tries again behind the valid set; a success replaces the set.
  h.setNow(HOUR - MINUTE + RETRY_AFTER_FAILURE_MS);
  assert.equal((await h.cache.get()).AccessKeyId, "A");
  assert.equal(h.cache.fetches, 2);
  h.pending[1].resolve(creds("B", 2 * HOUR));
  await settle();
  assert.equal((await h.cache.get()).AccessKeyId, "B");
});

Deno.test("with nothing valid left, a failed renewal is retried at most once per pause", async () => {
  const h = harness(creds("A", HOUR));
  h.setNow(HOUR); // expired at this very instant
  const gets = Array.from({ length: 3 }, () => h.cache.get());
  await settle();
  const failure = new Error("network down");
  h.pending[0].reject(failure);
  const unavailable = (error: unknown) => {
    assert.ok(error instanceof CredentialsUnavailableError);
    assert.equal(error.cause, failure);
    return true;
  };
  for (const get of gets) await assert.rejects(get, unavailable);
  assert.equal(h.errors.length, 1);

  // Waves of requests within the pause are refused at once, without asking AWS again.
  for (const at of [HOUR, HOUR + 1, HOUR + RETRY_AFTER_FAILURE_MS - 1]) {
    h.setNow(at);
    const wave = Array.from({ length: 20 }, () => h.cache.get());
    for (const get of wave) await assert.rejects(get, unavailable);
  }
  assert.equal(h.cache.fetches, 1);
  assert.equal(h.errors.length, 1);

  // Once the pause is over, the next get tries again; a second failure starts a new pause.
  h.setNow(HOUR + RETRY_AFTER_FAILURE_MS);
  const retried = h.cache.get();
  await settle();
  assert.equal(h.cache.fetches, 2);
  const second = new Error("still down");
  h.pending[1].reject(second);
  await assert.rejects(retried, CredentialsUnavailableError);
  h.setNow(HOUR + 2 * RETRY_AFTER_FAILURE_MS - 1);
  await assert.rejects(h.cache.get(), (error: unknown) => (error as Error).cause === second);
  assert.equal(h.cache.fetches, 2);

  h.setNow(HOUR + 2 * RETRY_AFTER_FAILURE_MS);
  const next = h.cache.get();
  await settle();
  assert.equal(h.cache.fetches, 3);
  h.pending[2].resolve(creds("B", 2 * HOUR));
  assert.equal((await next).AccessKeyId, "B");
});

Deno.test("a failure with nothing cached at all is an error", async () => {
  const h = harness();
  const get = h.cache.get();
  await settle();
  h.pending[0].reject(new Error("boom"));
  await assert.rejects(get, CredentialsUnavailableError);
});
