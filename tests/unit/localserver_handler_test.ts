// localserver's HTTP handling: routes, bodies, token checks and the access log, without sockets.
import assert from "node:assert/strict";
import {
  accessLogLine,
  credentialHandler,
  formatLocalTimestamp,
  requestLine,
} from "../../lib/server/handler.ts";
import { fromBrowser, hostMatcher } from "../../lib/server/host-check.ts";
import type { SessionCredentials } from "../../lib/credentials.ts";

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
    allowedHost: hostMatcher({ host: "localhost", address: "127.0.0.1", port: 8094 }),
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
  assert.equal(response.headers.get("retry-after"), "5");
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

Deno.test("an empty token is refused, never taken as no authentication", () => {
  assert.throws(() => setup({ token: "" }), /the token must not be empty/);
});

Deno.test("the Host must name this server at its exact port", () => {
  const local = hostMatcher({ host: "localhost", address: "127.0.0.1", port: 8094 });
  for (const host of ["localhost:8094", "LocalHost:8094", "127.0.0.1:8094", "[::1]:8094"]) {
    assert.ok(local(host), host);
  }
  for (
    const host of [
      "attacker.example.com:8094",
      "attacker.example.com",
      "localhost",
      "localhost:80",
      "localhost:8095",
      "localhost:08094",
      "localhost:",
      "localhost.:8094",
      "localhost.attacker.example:8094",
      "127.0.0.2:8094",
      "[::2]:8094",
      "0.0.0.0:8094",
      "192.168.1.5:8094",
      "localhost:8094:8094",
      "user@localhost:8094",
      "",
    ]
  ) {
    assert.ok(!local(host), host);
  }
  // On port 80 a client may leave the port out.
  const port80 = hostMatcher({ host: "127.0.0.1", address: "127.0.0.1", port: 80 });
  assert.ok(port80("localhost") && port80("127.0.0.1:80"));
  // The --host given and the address bound are accepted too; IPv6 in brackets.
  const named = hostMatcher({ host: "Box.LAN", address: "192.168.1.5", port: 9000 });
  assert.ok(named("box.lan:9000") && named("192.168.1.5:9000"));
  assert.ok(!named("other.lan:9000") && !named("192.168.1.6:9000"));
  const v6 = hostMatcher({ host: "fe80::1", address: "fe80::1", port: 9000 });
  assert.ok(v6("[FE80::1]:9000") && !v6("fe80::1:9000"));
  // Bound to every address: any IP literal, still no other name.
  const everywhere = hostMatcher({ host: "0.0.0.0", address: "0.0.0.0", port: 9000 });
  assert.ok(everywhere("192.168.1.5:9000") && everywhere("[fd00::5]:9000"));
  assert.ok(!everywhere("attacker.example.com:9000") && !everywhere("192.168.1.5:9001"));
});

Deno.test("browser headers mark a request as a web page's", () => {
  assert.ok(fromBrowser(new Headers({ origin: "http://attacker.example.com" })));
  assert.ok(fromBrowser(new Headers({ origin: "null" })));
  assert.ok(fromBrowser(new Headers({ "sec-fetch-site": "same-origin" })));
  assert.ok(!fromBrowser(new Headers({ "user-agent": "curl/8.0", accept: "*/*" })));
});

Deno.test("requests a web page could make are 403 before anything else, without credentials", async () => {
  const { send, lines, calls } = setup({ token: TOKEN });
  const bearer = { authorization: `Bearer ${TOKEN}` };
  const refused: Record<string, string>[] = [
    { host: "attacker.example.com:8094", ...bearer },
    { host: "attacker.example.com:8094" },
    { host: "localhost:8095", ...bearer },
    { host: "localhost:8094", origin: "http://attacker.example.com:8094", ...bearer },
    { host: "localhost:8094", "sec-fetch-site": "same-origin", ...bearer },
    { host: "localhost:8094", "sec-fetch-site": "none", ...bearer },
    { origin: "null", ...bearer },
  ];
  for (const headers of refused) {
    for (const target of ["/", "/foo"]) {
      const { response, body } = await send(target, { headers });
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.equal(response.headers.get("content-type"), "application/json");
      assert.equal(body, '{"error": "Forbidden"}');
    }
  }
  assert.equal(calls(), 0);
  assert.equal(lines.length, refused.length * 2);
  assert.ok(lines.every((line) => / 403 -$/.test(line)), lines.join("\n"));

  // The right Host (any case), or none at all as HTTP/1.0 clients send, gets the credentials.
  for (const headers of [{ host: "LOCALHOST:8094", ...bearer }, { ...bearer }]) {
    const { response, body } = await send("/", { headers });
    assert.equal(response.status, 200, JSON.stringify(headers));
    assert.equal(JSON.parse(body).SecretAccessKey, CREDS.SecretAccessKey);
  }
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
