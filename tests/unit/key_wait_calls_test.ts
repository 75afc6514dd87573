// Call-level tests of --wait: GetCallerIdentity signed with the new key, retried on a fake clock.
import assert from "node:assert/strict";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { waitForAccessKey } from "../../lib/actions/key-wait.ts";

/** What STS answers while IAM has not spread a new key yet. */
function unknownKey() {
  return Object.assign(new Error("The security token included in the request is invalid."), {
    name: "InvalidClientTokenId",
    $fault: "client",
    $metadata: { httpStatusCode: 403 },
  });
}

/** A clock that only sleeping moves, recording each sleep. */
function fakeClock() {
  const clock = { now: 0, sleeps: [] as number[] };
  return {
    clock,
    now: () => clock.now,
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      clock.now += ms;
      return Promise.resolve();
    },
  };
}

function newKeyClient() {
  const client = new STSClient({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIANEW", secretAccessKey: "secret" },
  });
  return { client, stub: mockClient(client) };
}

Deno.test("--wait: a key refused twice is tried again after 0.5 s and 1 s, then works", async () => {
  const { client, stub } = newKeyClient();
  stub.on(GetCallerIdentityCommand)
    .rejectsOnce(unknownKey())
    .rejectsOnce(unknownKey())
    .resolves({ Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/u" });
  const { clock, now, sleep } = fakeClock();
  const logs: string[] = [];

  const outcome = await waitForAccessKey(client, "AKIANEW", (l) => logs.push(l), {
    limitMs: 30_000,
    now,
    sleep,
  });

  assert.equal(outcome, undefined);
  assert.equal(stub.commandCalls(GetCallerIdentityCommand).length, 3);
  assert.deepEqual(clock.sleeps, [500, 1000]);
  assert.deepEqual(logs, ["Waiting for access key AKIANEW to work (IAM takes a few seconds)..."]);
});

Deno.test("--wait: a key that never works gives up within the timeout and says why", async () => {
  const { client, stub } = newKeyClient();
  stub.on(GetCallerIdentityCommand).rejects(unknownKey());
  const { clock, now, sleep } = fakeClock();
  const logs: string[] = [];

  const outcome = await waitForAccessKey(client, "AKIANEW", (l) => logs.push(l), {
    limitMs: 10_000,
    now,
    sleep,
  });

  // 0.5 + 1 + 2 + 4 = 7.5 s; another 4 s would pass the 10 s limit.
  assert.deepEqual(clock.sleeps, [500, 1000, 2000, 4000]);
  assert.equal(stub.commandCalls(GetCallerIdentityCommand).length, 5);
  assert.ok(clock.now <= 10_000);
  assert.match(outcome!, /^access key AKIANEW did not work within 10s \(last answer: .+\)$/);
  assert.ok(outcome!.includes("security token"), outcome);
  assert.equal(logs.length, 1);
});

Deno.test("--wait: a key that works at once is not waited for", async () => {
  const { client, stub } = newKeyClient();
  stub.on(GetCallerIdentityCommand).resolves({ Account: "123456789012" });
  const { clock, now, sleep } = fakeClock();
  const logs: string[] = [];
  assert.equal(
    await waitForAccessKey(client, "AKIANEW", (l) => logs.push(l), { limitMs: 30_000, now, sleep }),
    undefined,
  );
  assert.deepEqual(clock.sleeps, []);
  assert.deepEqual(logs, []);
});
