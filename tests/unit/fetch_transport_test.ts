// S3 over Deno's fetch: which endpoints it is used for, how its network
// failures are named (as Node.js names them, so the SDK retries them), and a
// retried GetObject against a server that drops the first connection.
import assert from "node:assert/strict";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import { createClients } from "../../lib/aws/clients.ts";
import { describeAwsError } from "../../lib/aws/describe-error.ts";
import {
  fetchRefusesPort,
  fetchRequestHandler,
  fetchRewritesPath,
  withNodeErrorCode,
} from "../../lib/aws/fetch-transport.ts";
import { fakeCredentials } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const credentials = fakeCredentials;

/** A port nothing listens on: bound, then released. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function fetchFailure(url: string): Promise<unknown> {
  try {
    const response = await fetch(url);
    await response.body?.cancel();
  } catch (error) {
    return error;
  }
  assert.fail(`${url} answered`);
}

Deno.test("fetchRefusesPort: the Fetch standard's blocked ports, nothing else", () => {
  for (const endpoint of ["http://127.0.0.1:6000", "http://host:10080/", "http://h:25"]) {
    assert.equal(fetchRefusesPort(endpoint), true, endpoint);
  }
  for (
    const endpoint of [
      "http://127.0.0.1:5000",
      "http://localhost:9000",
      "https://s3.eu-west-1.amazonaws.com",
      "http://h:6001",
      "not a url",
    ]
  ) {
    assert.equal(fetchRefusesPort(endpoint), false, endpoint);
  }
});

Deno.test("fetchRefusesPort agrees with this Deno's fetch", async () => {
  const refusedByFetch = async (port: number) => {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        signal: AbortSignal.timeout(2000),
      });
      await response.body?.cancel();
      return false;
    } catch (error) {
      return /are blocked/.test(String((error as Error).message));
    }
  };
  const listed = Array.from({ length: 10_100 }, (_, i) => i + 1)
    .filter((port) => fetchRefusesPort(`http://127.0.0.1:${port}`));
  assert.equal(listed.length, 82);
  const neighbours = [...new Set(listed.flatMap((port) => [port - 1, port + 1]))]
    .filter((port) => port > 0 && !fetchRefusesPort(`http://127.0.0.1:${port}`));
  const [refused, allowed] = await Promise.all([
    Promise.all(listed.map(refusedByFetch)),
    Promise.all(neighbours.map(refusedByFetch)),
  ]);
  assert.deepEqual(listed.filter((_, i) => !refused[i]), [], "listed but allowed");
  assert.deepEqual(neighbours.filter((_, i) => allowed[i]), [], "refused but not listed");
});

Deno.test("fetchRewritesPath agrees with URL parsing", () => {
  const paths = [
    "/b/reports/./q1.csv",
    "/b/a/../b",
    "/b/..",
    "/b/.",
    "/b/x/.",
    "/b/%2E/y",
    "/b/.%2e",
    "/b/.hidden",
    "/b/a..b/...",
    "/b/x%2F./y",
    "/b/plain/key.txt",
    "/b//x",
  ];
  for (const path of paths) {
    const parsed = new URL(`http://host${path}`).pathname;
    assert.equal(fetchRewritesPath(path), parsed !== path, path);
  }
});

Deno.test("withNodeErrorCode names refused connections and unknown hosts as Node.js does", async () => {
  const refused = withNodeErrorCode(await fetchFailure(`http://127.0.0.1:${closedPort()}/`));
  assert.equal((refused as { code?: string }).code, "ECONNREFUSED");
  assert.equal(describeAwsError(refused), "cannot reach the AWS endpoint: connection refused");
  const unknown = withNodeErrorCode(await fetchFailure("http://no-such-host.invalid/"));
  assert.equal((unknown as { code?: string }).code, "ENOTFOUND");
  assert.equal(describeAwsError(unknown), "cannot reach the AWS endpoint: host not found");
});

Deno.test("withNodeErrorCode: a connection closed before the answer is a reset", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const closing = (async () => {
    for await (const connection of listener) connection.close();
  })();
  try {
    const error = await fetchFailure(`http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/`);
    assert.equal((withNodeErrorCode(error) as { code?: string }).code, "ECONNRESET");
  } finally {
    listener.close();
    await closing.catch(() => {});
  }
});

Deno.test("withNodeErrorCode leaves other errors and coded errors alone", () => {
  const plain = new Error("connection refused");
  assert.equal(withNodeErrorCode(plain), plain);
  assert.equal("code" in plain, false);
  const coded = Object.assign(new TypeError("fetch failed: connection refused"), { code: "EX" });
  assert.equal((withNodeErrorCode(coded) as { code: string }).code, "EX");
  const other = new TypeError("undefined is not a function");
  withNodeErrorCode(other);
  assert.equal("code" in other, false);
});

Deno.test("createClients: S3 over fetch only when asked, and never to a port fetch refuses", async () => {
  const base = { credentials, region: "us-east-1" };
  const handlerOf = async (endpointUrl: string, transport?: "fetch") => {
    const { s3 } = await createClients({ ...base, endpointUrl }, ["s3"], {
      s3Transport: transport,
    });
    const handler = s3.config.requestHandler;
    s3.destroy();
    return handler;
  };
  assert.ok(await handlerOf("http://127.0.0.1:5000", "fetch") instanceof FetchHttpHandler);
  assert.ok(!(await handlerOf("http://127.0.0.1:5000") instanceof FetchHttpHandler));
  assert.ok(!(await handlerOf("http://127.0.0.1:6000", "fetch") instanceof FetchHttpHandler));
});

Deno.test("over fetch, a GetObject whose connection is dropped is retried", async () => {
  // Raw TCP: the first connection is closed unanswered, the next ones get the object.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let connections = 0;
  const body = "hello over fetch";
  const answer = "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n" +
    `content-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`;
  const serving = (async () => {
    for await (const connection of listener) {
      connections++;
      if (connections > 1) {
        await connection.read(new Uint8Array(64 * 1024));
        await connection.write(new TextEncoder().encode(answer));
      }
      connection.close();
    }
  })();
  const endpointUrl = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
  const { s3 } = await createClients({ credentials, region: "us-east-1", endpointUrl }, ["s3"], {
    s3Transport: "fetch",
  });
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: "bkt", Key: "k" }));
    assert.equal(await response.Body!.transformToString(), body);
    assert.equal(connections, 2);
  } finally {
    s3.destroy();
    listener.close();
    await serving.catch(() => {});
  }
});

/** A server that accepts connections and answers as `answer` says; it records when each closes. */
function rawServer(answer: (connection: Deno.Conn) => Promise<void>) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const open = new Set<Deno.Conn>();
  const closed: Promise<void>[] = [];
  const serving = (async () => {
    for await (const connection of listener) {
      open.add(connection);
      closed.push((async () => {
        await answer(connection);
        // Read until the client closes its end.
        const buffer = new Uint8Array(64 * 1024);
        try {
          while (await connection.read(buffer) !== null) { /* drain */ }
        } catch {
          // reset by the client, or closed below
        }
        if (open.delete(connection)) connection.close();
      })());
    }
  })();
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    closed,
    async close() {
      listener.close();
      await serving.catch(() => {});
      for (const connection of open) connection.close();
      open.clear();
      await Promise.all(closed);
    },
  };
}

function getRequest(url: string) {
  const { hostname, port } = new URL(url);
  return {
    protocol: "http:",
    hostname,
    port: Number(port),
    method: "GET",
    path: "/bkt/key",
    query: {},
    headers: { host: `${hostname}:${port}` },
  } as unknown as Parameters<ReturnType<typeof fetchRequestHandler>["handle"]>[0];
}

Deno.test("a request that gets no answer in time fails as a time-out and is closed", async () => {
  const server = rawServer(async () => {}); // reads the request, never answers
  try {
    const started = performance.now();
    await assert.rejects(
      fetchRequestHandler(300).handle(getRequest(server.url)),
      (error: Error) =>
        error.name === "TimeoutError" && error.message === "no response within 0.3 s" &&
        describeAwsError(error) === "the AWS endpoint did not answer: timed out",
    );
    assert.ok(performance.now() - started < 2000);
    // The connection was closed by the client, not left open behind the error.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("the connection was left open")), 3000);
    });
    await Promise.race([Promise.all(server.closed), late]).finally(() => clearTimeout(timer));
  } finally {
    await server.close();
  }
});

Deno.test("the time limit covers the wait for the answer, not a slow body", async () => {
  const server = rawServer(async (connection) => {
    await connection.read(new Uint8Array(64 * 1024));
    const write = (text: string) => connection.write(new TextEncoder().encode(text));
    await write("HTTP/1.1 200 OK\r\ncontent-length: 6\r\nconnection: close\r\n\r\nab");
    await new Promise((resolve) => setTimeout(resolve, 600));
    await write("cdef");
  });
  try {
    const { response } = await fetchRequestHandler(300).handle(getRequest(server.url));
    assert.equal(await new Response(response.body as ReadableStream).text(), "abcdef");
  } finally {
    await server.close();
  }
});
