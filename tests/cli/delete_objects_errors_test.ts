// delete-objects when S3 refuses some keys: every batch is still sent, the
// refused keys are reported one a line, exit code 1 (the reference exited 0).
import assert from "node:assert/strict";
import { FAKE_KEYS_ENV, linesOf, runCli } from "../support/cli.ts";

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

Deno.test("keys S3 refuses to delete are reported, with exit code 1", async () => {
  const bodies: string[] = [];
  const requests: string[] = [];
  // A stand-in for S3 that answers DeleteObjects (it needs the request body, so not startFakeEndpoint).
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
    const body = await request.text();
    bodies.push(body);
    // The refused key of each batch: the first one.
    const first = /<Key>([^<]*)<\/Key>/.exec(body)![1];
    return new Response(
      `${XML}<DeleteResult ${NS}><Error><Key>${first}</Key><Code>AccessDenied</Code>` +
        `<Message>Access Denied</Message></Error></DeleteResult>`,
      { headers: { "content-type": "application/xml" } },
    );
  });
  try {
    const keys = Array.from({ length: 1001 }, (_, i) => `k${i}`);
    keys[0] = " spaced ";
    const result = await runCli(
      ["delete-objects", "bkt", ...keys, "--endpoint-url", `http://127.0.0.1:${server.addr.port}`],
      { env: FAKE_KEYS_ENV },
    );
    assert.equal(result.code, 1);
    assert.equal(result.stdout, "");
    assert.deepEqual(linesOf(result.stderr), [
      "Deleting 1001 objects from bkt",
      "error: Could not delete  spaced : AccessDenied (Access Denied)",
      "Could not delete k1000: AccessDenied (Access Denied)",
    ]);
    assert.deepEqual(requests, ["POST /bkt/", "POST /bkt/"]);
    assert.equal(bodies[0].match(/<Object>/g)?.length, 1000);
    assert.ok(bodies[0].includes("<Key> spaced </Key>"), "the key is sent as given");
    assert.equal(bodies[1].match(/<Object>/g)?.length, 1);
  } finally {
    await server.shutdown();
  }
});
