// Object transfers against an endpoint that accepts connections and never
// answers: each gives up within its silence budget, not after 20 time-outs,
// and says the endpoint did not answer. The transfers' time limits are shrunk
// 20 times (S3_CREDENTIALS_TEST_TIME_SCALE), so the 60 s budget is 3 s here and
// one attempt waits at most 0.75 s: without the budget, 20 attempts and their
// pauses take about 25 s.
import assert from "node:assert/strict";
import {
  FAKE_KEYS_ENV,
  linesOf,
  runCli,
  STACK_FRAME,
  startSilentEndpoint,
} from "../support/cli.ts";

const SCALE = 0.05;
const BUDGET_S = 60 * SCALE;
/** Connections (attempts) one request may make within the budget: 3 s of attempts of 0.5 s and more. */
const MOST_ATTEMPTS = 7;

Deno.test("transfers to an endpoint that never answers give up within the silence budget", async (t) => {
  const tmp = await Deno.makeTempDir({ prefix: "s3c-silence-" });
  try {
    await Deno.writeTextFile(`${tmp}/small.txt`, "small");
    await Deno.writeFile(`${tmp}/big.bin`, new Uint8Array(9 * 1024 * 1024));
    await Deno.mkdir(`${tmp}/tree`);
    for (const name of ["a", "b", "c"]) await Deno.writeTextFile(`${tmp}/tree/${name}.txt`, name);
    const cases: { name: string; args: string[]; operation: string; requests: number }[] = [
      {
        name: "get-object",
        args: ["get-object", "bkt", "k", "-o", `${tmp}/out.bin`],
        operation: "GetObject",
        requests: 1,
      },
      {
        name: "put-object, single PUT",
        args: ["put-object", "bkt", "k", `${tmp}/small.txt`, "-s"],
        operation: "PutObject",
        requests: 1,
      },
      {
        name: "put-object, multipart",
        args: ["put-object", "bkt", "k", `${tmp}/big.bin`, "-s"],
        operation: "CreateMultipartUpload",
        requests: 1,
      },
      {
        name: "get-objects",
        args: ["get-objects", "bkt", "-o", `${tmp}/downloads`, "-s"],
        operation: "ListObjectsV2",
        requests: 1,
      },
      {
        name: "put-objects",
        args: ["put-objects", "bkt", `${tmp}/tree`, "-s"],
        operation: "PutObject",
        requests: 3,
      },
    ];
    // The cases mostly wait: they run at once, each against its own silent endpoint.
    await Promise.all(cases.map(({ name, args, operation, requests }) =>
      t.step({
        name,
        sanitizeOps: false,
        sanitizeResources: false,
        sanitizeExit: false,
        fn: async () => {
          const silent = startSilentEndpoint();
          try {
            const start = performance.now();
            const result = await runCli(
              [...args, "--endpoint-url", silent.url],
              {
                env: { ...FAKE_KEYS_ENV, S3_CREDENTIALS_TEST_TIME_SCALE: String(SCALE) },
              },
            );
            const seconds = (performance.now() - start) / 1000;
            const attempts = silent.connections;
            assert.equal(result.code, 1, result.stderr);
            assert.equal(result.stdout, "");
            assert.deepEqual(linesOf(result.stderr), [
              `error: the AWS endpoint did not answer (${operation}): timed out`,
            ]);
            assert.doesNotMatch(result.stderr, STACK_FRAME);
            assert.ok(
              attempts <= MOST_ATTEMPTS * requests,
              `${attempts} attempts for ${requests} request(s): the silence budget did not stop them`,
            );
            // Start-up and the last attempt come on top of the budget.
            assert.ok(seconds < BUDGET_S + 6, `${name} took ${seconds.toFixed(1)} s`);
          } finally {
            await silent.close();
          }
        },
      })
    ));
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
