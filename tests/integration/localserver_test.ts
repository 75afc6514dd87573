// localserver as a subprocess against the moto emulator: the served credentials work (also
// through credential_process), renewals run behind the valid set and are single flight, failures
// degrade gracefully and are retried at most once per pause, the token is enforced, web pages are
// refused, start-up failures and usage errors are one line, signals exit 0.
import assert from "node:assert/strict";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import {
  FAKE_KEYS_ENV,
  linesOf,
  mapLimit,
  parentDenoDir,
  REPO_ROOT,
  runCli,
  spawnCli,
  type SpawnedCli,
  STACK_FRAME,
  startFakeEndpoint,
} from "../support/cli.ts";
import { fakeCredentials, type Moto, startMoto } from "../support/moto.ts";
import { bodyOf, rawExchange, rawGet, statusOf } from "../support/raw-http.ts";
import { RETRY_AFTER_FAILURE_MS } from "../../lib/server/credential-cache.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const BUCKET = "ls-bucket";
const ROLE_ARN_PREFIX = "arn:aws:sts::123456789012:assumed-role/s3-credentials.AmazonS3FullAccess/";
const LOG_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d - "GET \S+ HTTP\/1\.1" \d{3} -$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;
const KEYS = ["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"];
const FIFTEEN_MINUTES = 15 * 60_000;

// ---------------------------------------------------------------------------
// A proxy in front of moto that counts AssumeRole calls and can tamper with them.

interface Proxy {
  url: string;
  /** Every request forwarded or answered. */
  requests: number;
  assumeRoles: number;
  /** One-shot: the next AssumeRole answer expires this many ms from now. */
  expireNextInMs?: number;
  /** The Expiration written by the last tampering. */
  lastExpiration?: Date;
  /** Answer AssumeRole with AccessDenied. */
  failAssumeRole: boolean;
  /** When set, AssumeRole is held here (after `arrived` resolves) until `release` settles. */
  holdAssumeRole?: { arrived: () => void; release: Promise<void> };
  close(): Promise<void>;
}

const ACCESS_DENIED = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">` +
  `<Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Refused by the test</Message>` +
  `</Error><RequestId>test</RequestId></ErrorResponse>`;

function startProxy(target: string): Proxy {
  const decoder = new TextDecoder();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    proxy.requests++;
    const url = new URL(request.url);
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const assumeRole = body !== undefined && decoder.decode(body).includes("Action=AssumeRole&");
    if (assumeRole) {
      proxy.assumeRoles++;
      const hold = proxy.holdAssumeRole;
      if (hold) {
        hold.arrived();
        await hold.release;
      }
      if (proxy.failAssumeRole) {
        return new Response(ACCESS_DENIED, {
          status: 403,
          headers: { "content-type": "text/xml" },
        });
      }
    }
    const upstream = await fetch(`${target}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body,
      redirect: "manual",
    });
    if (!assumeRole || proxy.expireNextInMs === undefined) return upstream;
    const expiration = new Date(Date.now() + proxy.expireNextInMs);
    proxy.expireNextInMs = undefined;
    proxy.lastExpiration = expiration;
    const xml = (await upstream.text()).replace(
      /<Expiration>[^<]*<\/Expiration>/,
      `<Expiration>${expiration.toISOString()}</Expiration>`,
    );
    return new Response(xml, { status: upstream.status, headers: { "content-type": "text/xml" } });
  });
  const proxy: Proxy = {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests: 0,
    assumeRoles: 0,
    failAssumeRole: false,
    close: () => server.shutdown(),
  };
  return proxy;
}

// ---------------------------------------------------------------------------
// The server as a long-running child process.

interface Server extends SpawnedCli {
  port: number;
  url: string;
}

async function startServer(args: string[], env: Record<string, string> = {}): Promise<Server> {
  const spawned = await spawnCli(["localserver", ...args], {
    env: { ...FAKE_KEYS_ENV, ...env },
    ready: "Press Ctrl+C to stop\n",
  });
  const port = Number(/ at http:\/\/[^/]*:(\d+)\//.exec(spawned.stderr())?.[1]);
  return { ...spawned, port, url: `http://127.0.0.1:${port}` };
}

async function getJson(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  const body = await response.text();
  return { status: response.status, type: response.headers.get("content-type"), body };
}

interface Served {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
}

async function credentialsFrom(server: Server): Promise<Served> {
  const { status, body } = await getJson(`${server.url}/`);
  assert.equal(status, 200, body);
  return JSON.parse(body);
}

async function callerArn(moto: Moto, served: Served): Promise<string> {
  const sts = new STSClient({
    endpoint: moto.endpoint,
    region: "us-east-1",
    credentials: {
      accessKeyId: served.AccessKeyId,
      secretAccessKey: served.SecretAccessKey,
      sessionToken: served.SessionToken,
    },
  });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn!;
  } finally {
    sts.destroy();
  }
}

/** An AWS SDK in a child process whose profile gets credentials with `curl` from the server. */
async function arnThroughCredentialProcess(moto: Moto, server: Server): Promise<string> {
  const home = await Deno.makeTempDir({ prefix: "s3c-ls-profile-" });
  try {
    await Deno.writeTextFile(
      `${home}/config`,
      `[profile ls]\nregion = us-east-1\ncredential_process = curl -s ${server.url}/\n`,
    );
    const code = 'import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";' +
      "console.log((await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn);";
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["eval", code],
      clearEnv: true,
      env: {
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        HOME: home,
        DENO_DIR: await parentDenoDir(),
        AWS_CONFIG_FILE: `${home}/config`,
        AWS_SHARED_CREDENTIALS_FILE: `${home}/no-credentials`,
        AWS_PROFILE: "ls",
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_EC2_METADATA_DISABLED: "true",
      },
      cwd: REPO_ROOT,
      stdin: "null",
    }).output();
    const decoder = new TextDecoder();
    assert.equal(output.code, 0, decoder.decode(output.stderr));
    return decoder.decode(output.stdout).trim();
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

/** Polls `check` until it holds, for at most 10 s (a bound for a failing server, not a timing). */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; !(await check()); tries++) {
    if (tries === 500) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function accessLines(stderr: string): string[] {
  return linesOf(stderr).filter((line) => / - "/.test(line));
}

function assertStopped(result: { code: number; stderr: string; stdout: string }) {
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, "");
  assert.ok(result.stderr.endsWith("\n\nShutting down server...\n"), result.stderr);
  assert.doesNotMatch(result.stderr, STACK_FRAME);
}

const serverArgs = (proxy: Proxy, ...more: string[]) => [
  BUCKET,
  "-d",
  "15m",
  "-p",
  "0",
  "--host",
  "127.0.0.1",
  "--endpoint-url",
  proxy.url,
  ...more,
];

Deno.test("localserver against the emulator", async (t) => {
  const moto = await startMoto();
  const proxies: Proxy[] = [];
  const proxy = () => {
    const made = startProxy(moto.endpoint);
    proxies.push(made);
    return made;
  };
  try {
    const s3 = new S3Client({
      endpoint: moto.endpoint,
      region: "us-east-1",
      credentials: fakeCredentials,
      forcePathStyle: true,
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    s3.destroy();

    await t.step("serves working credentials, the same set to everyone", async () => {
      const counted = proxy();
      const server = await startServer(serverArgs(counted, "--read-only"));
      try {
        assert.deepEqual(linesOf(server.stderr()), [
          "Generating initial credentials...",
          "Created role: s3-credentials.AmazonS3FullAccess",
          `Serving read-only credentials for bucket '${BUCKET}' at http://127.0.0.1:${server.port}/`,
          "Duration: 900 seconds",
          "For AWS SDKs, set:",
          `  export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:${server.port}/container`,
          "Press Ctrl+C to stop",
        ]);
        assert.equal(counted.assumeRoles, 1);

        const { status, type, body } = await getJson(`${server.url}/`);
        assert.equal(status, 200);
        assert.equal(type, "application/json");
        assert.ok(body.startsWith('{\n  "Version": 1,\n  "AccessKeyId": "'), body);
        assert.ok(body.endsWith('"\n}'), "no trailing newline");
        const served: Served = JSON.parse(body);
        assert.deepEqual(Object.keys(served), KEYS);
        assert.match(served.Expiration, ISO);
        const left = Date.parse(served.Expiration) - Date.now();
        assert.ok(left > FIFTEEN_MINUTES - 120_000 && left <= FIFTEEN_MINUTES, `${left} ms left`);
        assert.equal(await callerArn(moto, served), `${ROLE_ARN_PREFIX}s3.read-only.${BUCKET}`);

        const many = await Promise.all(Array.from({ length: 200 }, () => credentialsFrom(server)));
        assert.deepEqual(new Set(many.map((c) => c.AccessKeyId)), new Set([served.AccessKeyId]));
        assert.equal(counted.assumeRoles, 1);

        for (const target of ["/foo", "/?x=1"]) {
          const notFound = await getJson(`${server.url}${target}`);
          assert.equal(notFound.status, 404);
          assert.equal(notFound.type, "application/json");
          assert.equal(notFound.body, '{"error": "Not found"}');
        }

        assert.equal(
          await arnThroughCredentialProcess(moto, server),
          `${ROLE_ARN_PREFIX}s3.read-only.${BUCKET}`,
        );

        const result = await server.stop("SIGTERM");
        assertStopped(result);
        const log = accessLines(result.stderr);
        assert.equal(log.length, 1 + 200 + 2 + 1);
        for (const line of log) assert.match(line, LOG_LINE);
        assert.equal(log.filter((line) => line.endsWith('"GET / HTTP/1.1" 200 -')).length, 202);
        assert.ok(log.some((line) => line.endsWith('"GET /?x=1 HTTP/1.1" 404 -')));
        for (const secret of [served.SecretAccessKey, served.SessionToken]) {
          assert.ok(!result.stderr.includes(secret), "a secret reached the log");
        }
      } finally {
        await server.stop("SIGKILL"); // no-op once stopped
      }
    });

    await t.step(
      "during a slow renewal requests get the valid set at once; one AssumeRole",
      async () => {
        const counted = proxy();
        counted.expireNextInMs = 60_000; // within the 5-minute margin of a 15-minute session
        const server = await startServer(
          serverArgs(
            counted,
            "--statement",
            '{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}',
          ),
        );
        try {
          assert.equal(counted.assumeRoles, 1);
          const cachedExpiry = counted.lastExpiration!.getTime();
          const arrived = Promise.withResolvers<void>();
          const release = Promise.withResolvers<void>();
          let released = false;
          release.promise.then(() => released = true);
          counted.holdAssumeRole = { arrived: arrived.resolve, release: release.promise };
          // Ends the hold only for a server that makes requests wait for it; the asserts then fail.
          const guard = setTimeout(release.resolve, 10_000);
          let cached: Served;
          try {
            cached = await credentialsFrom(server); // starts the renewal
            await arrived.promise;
            const during = await Promise.all(
              Array.from({ length: 200 }, () => credentialsFrom(server)),
            );
            assert.equal(released, false, "requests waited for the renewal");
            for (const served of [cached, ...during]) {
              assert.equal(served.AccessKeyId, cached.AccessKeyId);
              assert.equal(Date.parse(served.Expiration), cachedExpiry);
            }
            assert.equal(counted.assumeRoles, 2);
          } finally {
            clearTimeout(guard);
            release.resolve();
          }
          counted.holdAssumeRole = undefined;
          let renewed = cached;
          await until(async () => {
            renewed = await credentialsFrom(server);
            return renewed.AccessKeyId !== cached.AccessKeyId;
          }, "the renewed set is served");
          const left = Date.parse(renewed.Expiration) - Date.now();
          assert.ok(left > FIFTEEN_MINUTES - 120_000, `${left} ms left`);
          assert.equal(counted.assumeRoles, 2);
          // --statement labels the session `custom`, as create does.
          assert.equal(await callerArn(moto, renewed), `${ROLE_ARN_PREFIX}s3.custom.${BUCKET}`);

          const result = await server.stop("SIGINT");
          assertStopped(result);
        } finally {
          await server.stop("SIGKILL"); // no-op once stopped
        }
      },
    );

    await t.step("a failed renewal serves valid credentials, then 503, then recovers", async () => {
      const counted = proxy();
      counted.expireNextInMs = 2000;
      const server = await startServer(serverArgs(counted));
      try {
        const initialExpiry = counted.lastExpiration!;
        counted.failAssumeRole = true;
        const stale = await credentialsFrom(server);
        assert.equal(Date.parse(stale.Expiration), initialExpiry.getTime());
        // The renewal runs behind the answer: its failure is logged once it is over.
        const failureLine =
          /\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d - Failed to renew credentials: An error occurred \(AccessDenied\) when calling the AssumeRole operation: Refused by the test\n/;
        await until(() => failureLine.test(server.stderr()), "the failure is logged");
        const failedBy = Date.now();
        assert.equal(counted.assumeRoles, 2);

        const wait = initialExpiry.getTime() - Date.now() + 100;
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const unavailable = await getJson(`${server.url}/`);
        assert.equal(unavailable.status, 503);
        assert.equal(unavailable.type, "application/json");
        assert.equal(unavailable.body, '{"error": "Credentials unavailable"}');

        // Within the pause after the failure, nothing valid left: refused without asking AWS.
        counted.failAssumeRole = false;
        const waves = await Promise.all(
          Array.from({ length: 20 }, () => getJson(`${server.url}/`)),
        );
        assert.ok(waves.every((answer) => answer.status === 503));
        assert.equal(counted.assumeRoles, 2);

        const pause = failedBy + RETRY_AFTER_FAILURE_MS + 100 - Date.now();
        if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
        const fresh = await credentialsFrom(server);
        assert.equal(counted.assumeRoles, 3);
        assert.notEqual(fresh.AccessKeyId, stale.AccessKeyId);
        assert.ok(Date.parse(fresh.Expiration) - Date.now() > FIFTEEN_MINUTES - 120_000);

        const result = await server.stop();
        assertStopped(result);
        assert.deepEqual(accessLines(result.stderr).map((line) => line.slice(-5)), [
          "200 -",
          ...Array(21).fill("503 -"),
          "200 -",
        ]);
        assert.equal(result.stderr.match(/Failed to renew credentials/g)?.length, 1);
      } finally {
        await server.stop("SIGKILL"); // no-op once stopped
      }
    });

    await t.step(
      "refuses what a web page could send",
      async () => {
        const server = await startServer(serverArgs(proxy()));
        try {
          const port = server.port;
          const refused = [
            [`Host: attacker.example.com:${port}`],
            [`Host: attacker.example.com:${port}`, `Origin: http://attacker.example.com:${port}`],
            [`Host: localhost:${port}`, "Origin: http://evil.example"],
            [`Host: localhost:${port}`, "Sec-Fetch-Site: same-origin"],
            [`Host: localhost:${port + 1}`],
          ];
          for (const headers of refused) {
            const { answer } = await rawExchange(port, rawGet(headers));
            assert.equal(statusOf(answer), 403, headers.join(", "));
            assert.equal(bodyOf(answer), '{"error": "Forbidden"}');
            assert.doesNotMatch(answer, /AccessKeyId|SecretAccessKey|SessionToken/);
          }
          for (
            const request of [
              rawGet([`Host: localhost:${port}`]),
              rawGet([`Host: LOCALHOST:${port}`]),
              rawGet([`Host: 127.0.0.1:${port}`]),
              "GET / HTTP/1.0\r\n\r\n",
            ]
          ) {
            const { answer } = await rawExchange(port, request);
            assert.equal(statusOf(answer), 200, request);
            assert.ok(JSON.parse(bodyOf(answer)).SecretAccessKey, request);
          }

          const result = await server.stop();
          assertStopped(result);
          assert.deepEqual(accessLines(result.stderr).map((line) => line.slice(-5)), [
            ...Array(refused.length).fill("403 -"),
            ...Array(4).fill("200 -"),
          ]);
        } finally {
          await server.stop("SIGKILL"); // no-op once stopped
        }
      },
    );

    await t.step("answers several requests on one connection, as clients reuse them", async () => {
      const server = await startServer(serverArgs(proxy()));
      try {
        const host = `Host: 127.0.0.1:${server.port}`;
        const keptOpen = ["GET / HTTP/1.1", host, "", ""].join("\r\n");
        const { answer } = await rawExchange(server.port, keptOpen + rawGet([host], "/container"));
        assert.deepEqual(answer.match(/HTTP\/1\.1 \d{3}/g), ["HTTP/1.1 200", "HTTP/1.1 200"]);
        assert.match(answer, /"SessionToken": "/);
        assert.match(answer, /"Token": "/);
        const result = await server.stop();
        assertStopped(result);
        assert.deepEqual(accessLines(result.stderr).map((line) => line.slice(22)), [
          '"GET / HTTP/1.1" 200 -',
          '"GET /container HTTP/1.1" 200 -',
        ]);
      } finally {
        await server.stop("SIGKILL"); // no-op once stopped
      }
    });

    await t.step(
      "with a token (from the environment) only bearers of it get credentials",
      async () => {
        const token = "tok-7f3a9c";
        const server = await startServer(serverArgs(proxy()), { S3_CREDENTIALS_TOKEN: token });
        try {
          const refusedHeaders: Record<string, string>[] = [
            {},
            { authorization: "Bearer nope" },
            { authorization: "nope" },
          ];
          for (const headers of refusedHeaders) {
            const refused = await getJson(`${server.url}/`, headers);
            assert.equal(refused.status, 401);
            assert.equal(refused.type, "application/json");
            assert.equal(refused.body, '{"error": "Unauthorized"}');
          }
          const ok = await getJson(`${server.url}/`, { authorization: `Bearer ${token}` });
          assert.equal(ok.status, 200);
          const result = await server.stop();
          assertStopped(result);
          assert.ok(!result.stderr.includes(token), "the token reached the log");
          assert.ok(
            result.stderr.includes(
              '\n  export AWS_CONTAINER_AUTHORIZATION_TOKEN="$S3_CREDENTIALS_TOKEN"\n',
            ),
          );
          assert.ok(!result.stderr.includes("Warning"), "no warning on loopback");
          assert.equal(accessLines(result.stderr).length, 4);
        } finally {
          await server.stop("SIGKILL"); // no-op once stopped
        }
      },
    );

    await t.step("start-up failures: one error line, exit 1", async () => {
      const untouched = proxy();
      const refusing = proxy();
      refusing.failAssumeRole = true;
      const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const busy = listener.addr.port;
      const env = { env: FAKE_KEYS_ENV };
      try {
        const [missing, inUse, refused] = await Promise.all([
          runCli(
            ["localserver", "no-such-bucket", "-d", "15m", "--endpoint-url", untouched.url],
            env,
          ),
          runCli(
            [
              "localserver",
              BUCKET,
              "-d",
              "15m",
              "--host",
              "127.0.0.1",
              "-p",
              String(busy),
              "--endpoint-url",
              untouched.url,
            ],
            env,
          ),
          runCli(serverArgs(refusing).toSpliced(0, 0, "localserver"), env),
        ]);
        assert.equal(missing.code, 1);
        assert.equal(missing.stderr, "error: Bucket does not exist: no-such-bucket\n");
        assert.equal(inUse.code, 1);
        assert.equal(
          inUse.stderr,
          `error: Failed to start server: address already in use: 127.0.0.1:${busy}\n`,
        );
        // HeadBucket of the missing bucket only: the busy port was found before any request.
        assert.equal(untouched.requests, 1);
        assert.equal(refused.code, 1);
        assert.deepEqual(linesOf(refused.stderr), [
          "Generating initial credentials...",
          "error: Failed to start server: An error occurred (AccessDenied) when calling the " +
          "AssumeRole operation: Refused by the test",
        ]);
        for (const result of [missing, inUse, refused]) assert.equal(result.stdout, "");
      } finally {
        listener.close();
      }
    });
  } finally {
    for (const made of proxies) await made.close();
    await moto.stop();
  }
});

Deno.test("localserver usage errors: exit 2, one line, no request", async () => {
  const endpoint = startFakeEndpoint();
  try {
    const cases: { args: string[]; phrase: string; env?: Record<string, string> }[] = [
      { args: ["bkt"], phrase: "Missing option '-d' / '--duration'." },
      { args: [], phrase: "Missing argument 'BUCKET'." },
      { args: ["bkt", "b2", "-d", "15m"], phrase: "Got unexpected extra argument (b2)" },
      { args: ["bkt", "-d", "5m"], phrase: "Duration must be between 15 minutes and 12 hours" },
      { args: ["bkt", "-d", "15m", "-p", "70000"], phrase: "70000 is not a port number" },
      { args: ["bkt", "-d", "15m", "--port", "abc"], phrase: "'abc' is not a valid integer." },
      {
        args: ["bkt", "-d", "15m", "--read-only", "--write-only"],
        phrase: "Cannot use --read-only and --write-only at the same time",
      },
      { args: ["Bad/Bucket", "-d", "15m"], phrase: "is not a valid bucket name" },
      { args: ["bkt", "-d", "15m", "--token", "a b"], phrase: "visible ASCII" },
      { args: ["bkt", "-d", "15m", "--token", ""], phrase: "the token must not be empty" },
      {
        args: ["bkt", "-d", "15m"],
        env: { S3_CREDENTIALS_TOKEN: "" },
        phrase: "Invalid value for S3_CREDENTIALS_TOKEN: the token must not be empty",
      },
      {
        args: ["bkt", "-d", "15m"],
        env: { S3_CREDENTIALS_TOKEN: "a b" },
        phrase: "Invalid value for S3_CREDENTIALS_TOKEN",
      },
      { args: ["bkt", "-d", "15m", "--statement", "[1]"], phrase: "JSON must be an object" },
    ];
    await mapLimit(cases, 4, async ({ args, phrase, env }) => {
      const result = await runCli(["localserver", ...args, "--endpoint-url", endpoint.url], {
        env: { ...FAKE_KEYS_ENV, ...env },
      });
      const label = args.join(" ");
      assert.equal(result.code, 2, `${label}: ${result.stderr}`);
      assert.equal(result.stdout, "", label);
      const lines = linesOf(result.stderr);
      assert.equal(lines.length, 1, `${label}: ${result.stderr}`);
      assert.ok(lines[0].startsWith("error: ") && lines[0].includes(phrase), lines[0]);
      assert.doesNotMatch(result.stderr, STACK_FRAME);
    });
    assert.deepEqual(endpoint.requests, []);
  } finally {
    await endpoint.close();
  }
});
