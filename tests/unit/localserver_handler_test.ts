// localserver's HTTP handling: routes, bodies, token checks and the access log, without sockets.
import assert from "node:assert/strict";
import {
  accessLogLine,
  credentialHandler,
  formatLocalTimestamp,
  requestLine,
} from "../../lib/server/handler.ts";
import type { SessionCredentials } from "../../lib/output/credentials.ts";

const CREDS: SessionCredentials = {
  AccessKeyId: "ASIAEXAMPLE",
  SecretAccessKey: "secret/+key",
  SessionToken: "session-token-value",
  Expiration: new Date("2026-11-28T00:25:43.470Z"),
};
const TOKEN = "s3cr3t-T0ken";
const LOG_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d - "[A-Z]+ \S+ HTTP\/1\.1" \d{3} -$/;

function setup(options: { token?: string; failing?: boolean } = {}) {
  const lines: string[] = [];
  let calls = 0;
  const handle = credentialHandler({
    credentials: () => {
      calls++;
      return options.failing
        ? Promise.reject(new Error("An error occurred (AccessDenied) internal detail"))
        : Promise.resolve(CREDS);
    },
    token: options.token,
    log: (line) => lines.push(line),
  });
  const send = async (target: string, init: RequestInit = {}) => {
    const response = await handle(new Request(`http://localhost:8094${target}`, init));
    return { response, body: await response.text() };
  };
  return { send, lines, calls: () => calls };
}

Deno.test("GET / answers the credential_process document, 2-space indent, no final newline", async () => {
  const { send, lines } = setup();
  const { response, body } = await send("/");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.equal(response.headers.get("cache-control"), "no-store");
  assert.equal(
    body,
    [
      "{",
      '  "Version": 1,',
      '  "AccessKeyId": "ASIAEXAMPLE",',
      '  "SecretAccessKey": "secret/+key",',
      '  "SessionToken": "session-token-value",',
      '  "Expiration": "2026-11-28T00:25:43.470000+00:00"',
      "}",
    ].join("\n"),
  );
  assert.equal(lines.length, 1);
  assert.match(lines[0], LOG_LINE);
  assert.ok(lines[0].endsWith(' - "GET / HTTP/1.1" 200 -'));
});

Deno.test("other targets are 404 with a compact JSON error, and fetch nothing", async () => {
  const { send, lines, calls } = setup();
  for (const target of ["/foo", "/?x=1", "/?", "//", "/index.html"]) {
    const { response, body } = await send(target);
    assert.equal(response.status, 404, target);
    assert.equal(response.headers.get("content-type"), "application/json");
    assert.equal(body, '{"error": "Not found"}');
  }
  assert.equal(calls(), 0);
  assert.deepEqual(lines.map((line) => line.replace(/^.* - "/, '"')), [
    '"GET /foo HTTP/1.1" 404 -',
    '"GET /?x=1 HTTP/1.1" 404 -',
    '"GET /? HTTP/1.1" 404 -',
    '"GET // HTTP/1.1" 404 -',
    '"GET /index.html HTTP/1.1" 404 -',
  ]);
});

Deno.test("other methods are 405 with a JSON error and an Allow header", async () => {
  const { send, calls } = setup();
  for (const method of ["POST", "PUT", "DELETE", "HEAD"]) {
    const { response, body } = await send("/", { method });
    assert.equal(response.status, 405, method);
    assert.equal(response.headers.get("allow"), "GET");
    assert.equal(response.headers.get("content-type"), "application/json");
    if (method !== "HEAD") assert.equal(body, '{"error": "Method not allowed"}');
  }
  assert.equal(calls(), 0);
});

Deno.test("no credentials: 503 with a JSON error that reveals nothing", async () => {
  const { send, lines } = setup({ failing: true });
  const { response, body } = await send("/");
  assert.equal(response.status, 503);
  assert.equal(body, '{"error": "Credentials unavailable"}');
  assert.equal(response.headers.get("retry-after"), "10");
  assert.ok(lines[0].endsWith('"GET / HTTP/1.1" 503 -'));
});

Deno.test("with a token, only the right token (with or without Bearer) gets credentials", async () => {
  const { send, lines, calls } = setup({ token: TOKEN });
  const refused: (Record<string, string> | undefined)[] = [
    undefined,
    { authorization: "Bearer wrong" },
    { authorization: `Bearer ${TOKEN}x` },
    { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
    { authorization: `Basic ${TOKEN}` },
    { authorization: `${TOKEN}x` },
    { authorization: `Bearer ${TOKEN} extra` },
  ];
  for (const headers of refused) {
    const { response, body } = await send("/", { headers });
    assert.equal(response.status, 401, JSON.stringify(headers));
    assert.equal(response.headers.get("www-authenticate"), "Bearer");
    assert.equal(body, '{"error": "Unauthorized"}');
  }
  // Unauthenticated clients learn nothing about paths either.
  assert.equal((await send("/foo")).response.status, 401);
  assert.equal(calls(), 0);
  // AWS SDKs send AWS_CONTAINER_AUTHORIZATION_TOKEN as the raw header value.
  for (const prefix of ["Bearer ", "bearer ", ""]) {
    const { response, body } = await send("/", {
      headers: { authorization: `${prefix}${TOKEN}` },
    });
    assert.equal(response.status, 200);
    assert.equal(JSON.parse(body).AccessKeyId, CREDS.AccessKeyId);
  }
  assert.equal(lines.length, refused.length + 4);
  for (const line of lines) {
    assert.match(line, LOG_LINE);
    for (const secret of [TOKEN, CREDS.SecretAccessKey, CREDS.SessionToken]) {
      assert.ok(!line.includes(secret), line);
    }
  }
});

Deno.test("access-log pieces: local time and the request line", () => {
  assert.equal(formatLocalTimestamp(new Date(2026, 10, 28, 0, 10, 45, 999)), "2026-11-28 00:10:45");
  assert.equal(formatLocalTimestamp(new Date(2027, 0, 2, 3, 4, 5)), "2027-01-02 03:04:05");
  assert.equal(requestLine(new Request("http://h/a/b?c=d")), "GET /a/b?c=d HTTP/1.1");
  assert.equal(
    accessLogLine(new Date(2026, 10, 28, 0, 10, 45), new Request("http://h/"), 200),
    '2026-11-28 00:10:45 - "GET / HTTP/1.1" 200 -',
  );
});

Deno.test("GET /container answers the container credentials document (Token), same rules", async () => {
  const { send, lines } = setup({ token: TOKEN });
  const { response, body } = await send("/container", { headers: { authorization: TOKEN } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.equal(
    body,
    [
      "{",
      '  "AccessKeyId": "ASIAEXAMPLE",',
      '  "SecretAccessKey": "secret/+key",',
      '  "Token": "session-token-value",',
      '  "Expiration": "2026-11-28T00:25:43.470Z"',
      "}",
    ].join("\n"),
  );
  assert.equal((await send("/container")).response.status, 401);
  const other = { headers: { authorization: `Bearer ${TOKEN}` } };
  for (const target of ["/container/", "/container?x=1", "/containers"]) {
    assert.equal((await send(target, other)).response.status, 404, target);
  }
  assert.ok(lines[0].endsWith(' - "GET /container HTTP/1.1" 200 -'));
});
