// A small object whose body stops arriving, read through the lean requests
// (objectRequests().get with wholeBody): the download fails as stalled, and the
// request is cancelled, closing the connection, instead of hanging the run.
import assert from "node:assert/strict";
import { createClients } from "../../lib/aws/clients.ts";
import { objectRequests } from "../../lib/aws/object-requests.ts";
import { wholeBody } from "../../lib/local/object-body.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

Deno.test("a small body that stalls fails the download and closes its connection", async () => {
  let closed!: () => void;
  const connectionClosed = new Promise<void>((resolve) => closed = resolve);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    // Three of ten bytes, then silence until the client gives up (or, should it never, 4 s).
    let ending: ReturnType<typeof setTimeout> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3]));
        ending = setTimeout(() => controller.error(new Error("never cancelled")), 4_000);
      },
      cancel() {
        clearTimeout(ending);
        closed();
      },
    });
    return new Response(body, { headers: { "content-length": "10" } });
  });
  const { s3 } = await createClients({
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    endpointUrl: `http://127.0.0.1:${server.addr.port}`,
    region: "us-east-1",
  }, ["s3"]);
  try {
    const requests = await objectRequests(s3, "bkt");
    assert.ok(requests, "a client of createClients has lean requests");
    const started = performance.now();
    await assert.rejects(
      requests.get(
        "k",
        (body, key, length, cancel) => wholeBody(body, key, length, cancel, 300),
        1024,
      ),
      { message: "the download of k stalled: no data for 0.3 s" },
    );
    assert.ok(performance.now() - started < 5_000, "gave up soon after the stall limit");
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      connectionClosed,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("the stalled request was left open")), 3_000);
      }),
    ]).finally(() => clearTimeout(timer));
  } finally {
    s3.destroy();
    await server.shutdown();
  }
});
