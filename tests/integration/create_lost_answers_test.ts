// create when IAM made a change but its answer was lost on the way back.
import assert from "node:assert/strict";
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import { FAKE_KEYS_ENV, runCli } from "../support/cli.ts";
import { type Fault, type ProxiedRequest, startFaultProxy } from "../support/fault_proxy.ts";
import { fakeCredentials, type Moto, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

/** The emulator accepts these keys while enforcement is off. */
const ENV = FAKE_KEYS_ENV;

/** Faults by IAM action, each given to the first request of that action only. */
function firstOf(faults: Record<string, Fault>): (request: ProxiedRequest) => Fault {
  const seen = new Set<string>();
  return (request) => {
    const action = request.action ?? "";
    const fault = faults[action];
    if (!fault || seen.has(action)) return { kind: "pass" };
    seen.add(action);
    return fault;
  };
}

async function createThrough(moto: Moto, faults: Record<string, Fault>, ...args: string[]) {
  const proxy = startFaultProxy(moto.endpoint, firstOf(faults));
  try {
    const result = await runCli([...args, "--endpoint-url", proxy.url], { env: ENV });
    const actions = proxy.log.map((entry) => entry.request.action).filter(Boolean);
    return { ...result, actions };
  } finally {
    await proxy.close();
  }
}

Deno.test("create: lost IAM answers neither duplicate keys nor disown the user", async (t) => {
  const moto = await startMoto();
  const iam = new IAMClient({
    endpoint: moto.endpoint,
    region: "us-east-1",
    credentials: fakeCredentials,
  });
  const keysOf = async (UserName: string) =>
    ((await iam.send(new ListAccessKeysCommand({ UserName }))).AccessKeyMetadata ?? [])
      .map((key) => key.AccessKeyId).sort();
  const lost: Fault = { kind: "lose-response" };
  try {
    await t.step("a lost CreateAccessKey answer leaves one key: the one printed", async () => {
      const result = await createThrough(
        moto,
        { CreateAccessKey: lost },
        "create",
        "lost-bucket",
        "-c",
      );
      assert.equal(result.code, 0, result.stderr);
      const printed = JSON.parse(result.stdout).AccessKeyId;
      assert.deepEqual(await keysOf("s3.read-write.lost-bucket"), [printed]);
      assert.equal(result.actions.filter((a) => a === "CreateAccessKey").length, 2);
      assert.match(
        result.stderr,
        /^Deleted access key AKIA\w+, whose secret was lost with CreateAccessKey's answer$/m,
      );
    });

    await t.step("an existing user keeps its own key beside the printed one", async () => {
      await iam.send(new CreateUserCommand({ UserName: "holder" }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "holder" }));
      const result = await createThrough(
        moto,
        { CreateAccessKey: lost },
        "create",
        "lost-bucket",
        "--username",
        "holder",
      );
      assert.equal(result.code, 0, result.stderr);
      const printed = JSON.parse(result.stdout).AccessKeyId;
      assert.deepEqual(await keysOf("holder"), [AccessKey!.AccessKeyId, printed].sort());
    });

    await t.step("a lost CreateUser answer: the user is still this run's own", async () => {
      const result = await createThrough(
        moto,
        { CreateUser: lost },
        "create",
        "lost-bucket",
        "--username",
        "lost-answer",
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /^Created user: 'lost-answer'/m);
      assert.doesNotMatch(result.stderr, /Using existing user/);
    });

    await t.step("a lost CreateUser answer, then a failure: the user is removed", async () => {
      const result = await createThrough(
        moto,
        { CreateUser: lost, PutUserPolicy: { kind: "status", status: 400 } },
        "create",
        "lost-bucket",
        "--username",
        "lost-then-failed",
      );
      assert.equal(result.code, 1);
      assert.equal(result.stdout, "");
      assert.match(result.stderr, /^Created user: 'lost-then-failed'/m);
      assert.match(result.stderr, /^Removed user lost-then-failed, which this run had created$/m);
      await assert.rejects(
        iam.send(new GetUserCommand({ UserName: "lost-then-failed" })),
        (e: Error) => e.name === "NoSuchEntityException",
      );
    });

    await t.step(
      "a lost CreateUser answer for an older user: it stays someone else's",
      async () => {
        await iam.send(new CreateUserCommand({ UserName: "older" }));
        // Older than the lost CreateUser by more than the one-second resolution of CreateDate.
        await new Promise((resolve) => setTimeout(resolve, 2600));
        const result = await createThrough(
          moto,
          { CreateUser: lost, PutUserPolicy: { kind: "status", status: 400 } },
          "create",
          "lost-bucket",
          "--username",
          "older",
        );
        assert.equal(result.code, 1);
        assert.match(result.stderr, /^Using existing user: 'older'$/m);
        assert.doesNotMatch(result.stderr, /Removed user/);
        await iam.send(new GetUserCommand({ UserName: "older" }));
      },
    );
  } finally {
    iam.destroy();
    await moto.stop();
  }
});
