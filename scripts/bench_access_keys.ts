// list-access-keys benchmark: `deno task bench-access-keys [--runs N]`.
// Creates 200 users in the moto emulator, each tagged as create tags them and
// holding one access key, then runs `list-access-keys` as a subprocess through
// a proxy that counts the requests it forwards, and reports the median wall
// time and the requests per run next to the fewest the listing can make:
// 1 ListUsers page + per user ListUserTags and ListAccessKeys + per key
// GetAccessKeyLastUsed.
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { mapLimit } from "../tests/support/cli.ts";
import { fakeCredentials, startMoto } from "../tests/support/moto.ts";
import { startCountingProxy } from "./counting-proxy.ts";
import { median } from "./median.ts";
import { machine, runOurs } from "./machine.ts";

const USERS = 200;
const runsAt = Deno.args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(Deno.args[runsAt + 1]) : 5;
const MINIMUM = 1 + USERS * 2 + USERS;

const moto = await startMoto();
const proxy = startCountingProxy(moto.endpoint);
const endpoint = proxy.endpoint;
const iam = new IAMClient({
  endpoint: moto.endpoint,
  region: "us-east-1",
  credentials: fakeCredentials,
});
try {
  const started = performance.now();
  await mapLimit(Array.from({ length: USERS }, (_, i) => i), 8, async (i) => {
    const UserName = `s3.read-write.bench-${String(i).padStart(3, "0")}`;
    await iam.send(
      new CreateUserCommand({
        UserName,
        Tags: [
          { Key: "s3-credentials:permission", Value: "read-write" },
          { Key: "s3-credentials:buckets", Value: `bench-${i}` },
        ],
      }),
    );
    await iam.send(new CreateAccessKeyCommand({ UserName }));
  });
  const setup = (performance.now() - started) / 1000;
  const run = async () => {
    const before = proxy.requests;
    const t0 = performance.now();
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [...runOurs(), "list-access-keys", "--nl", "--endpoint-url", endpoint],
      env: {
        NO_COLOR: "1",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_ACCESS_KEY_ID: "testing",
        AWS_SECRET_ACCESS_KEY: "testing",
        AWS_REGION: "us-east-1",
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const ms = performance.now() - t0;
    if (code !== 0) throw new Error(new TextDecoder().decode(stderr));
    const rows = new TextDecoder().decode(stdout).trim().split("\n").length;
    if (rows !== USERS) throw new Error(`expected ${USERS} rows, got ${rows}`);
    return { ms, requests: proxy.requests - before };
  };
  await run(); // warm the module cache
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await run());
  console.log(`Machine: ${machine()}\n`);
  console.log(`Set-up: ${USERS} users with one key each created in ${setup.toFixed(1)} s.\n`);
  console.log(
    "| list-access-keys, 200 users, 1 key each | median | min | requests a run | minimum | runs |",
  );
  console.log("|---|---|---|---|---|---|");
  const times = results.map((r) => r.ms);
  console.log(
    `| moto, through a counting proxy | ${median(times).toFixed(0)} ms | ${
      Math.min(...times).toFixed(0)
    } ms | ${results[0].requests} | ${MINIMUM} | ${runs} |`,
  );
} finally {
  iam.destroy();
  await proxy.close();
  await moto.stop();
}
