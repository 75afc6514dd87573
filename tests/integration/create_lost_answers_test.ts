// create when IAM made a change but its answer was lost on the way back.
import assert from "node:assert/strict";
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListRolesCommand,
} from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { FAKE_KEYS_ENV, linesOf, runCli } from "../support/cli.ts";
import {
  type Decide,
  type Fault,
  type ProxiedRequest,
  startFaultProxy,
} from "../support/fault_proxy.ts";
import { iamAt, type Moto, startMoto } from "../support/moto.ts";
import { RUN_TAG } from "../../lib/policy/tags.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const ROLE = "s3-credentials.AmazonS3FullAccess";

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

async function createThrough(
  moto: Moto,
  faults: Record<string, Fault> | Decide,
  ...args: string[]
) {
  const proxy = startFaultProxy(
    moto.endpoint,
    typeof faults === "function" ? faults : firstOf(faults),
  );
  try {
    const result = await runCli([...args, "--endpoint-url", proxy.url], { env: ENV });
    const actions = proxy.log.map((entry) => entry.request.action).filter(Boolean);
    return { ...result, actions };
  } finally {
    await proxy.close();
  }
}

Deno.test("create: lost IAM answers neither duplicate keys nor disown the user or role", async (t) => {
  const moto = await startMoto();
  const iam = iamAt(moto.endpoint);
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

    await t.step(
      "a lost CreateUser answer while another run makes the user: a failure leaves it",
      async () => {
        const otherRun = [{ Key: RUN_TAG, Value: crypto.randomUUID() }];
        let made = false;
        const result = await createThrough(
          moto,
          async (request): Promise<Fault> => {
            if (request.action === "PutUserPolicy") return { kind: "status", status: 400 };
            if (request.action !== "CreateUser" || made) return { kind: "pass" };
            made = true;
            // The other run's CreateUser lands first; ours meets EntityAlreadyExists, unheard.
            await iam.send(new CreateUserCommand({ UserName: "raced", Tags: otherRun }));
            return { kind: "lose-response" };
          },
          "create",
          "lost-bucket",
          "--username",
          "raced",
        );
        assert.equal(result.code, 1);
        assert.match(result.stderr, /^Using existing user: 'raced'$/m);
        assert.doesNotMatch(result.stderr, /Removed user/);
        const { User } = await iam.send(new GetUserCommand({ UserName: "raced" }));
        assert.deepEqual(User?.Tags, otherRun);
      },
    );

    await t.step("the user a run creates carries its run tag, a fresh id", async () => {
      const run = async (username: string) => {
        const result = await createThrough(
          moto,
          {},
          "create",
          "lost-bucket",
          "--username",
          username,
        );
        assert.equal(result.code, 0, result.stderr);
        const { User } = await iam.send(new GetUserCommand({ UserName: username }));
        const tag = User?.Tags?.find((tag) => tag.Key === RUN_TAG);
        assert.match(
          tag?.Value ?? "",
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        );
        return tag!.Value;
      };
      assert.notEqual(await run("first-run"), await run("second-run"));
    });

    await t.step(
      "a lost CreateRole answer: create -d works, with the one role it made",
      async () => {
        await moto.reset();
        const result = await createThrough(
          moto,
          { CreateRole: lost },
          "create",
          "role-bucket",
          "-c",
          "-d",
          "15m",
        );
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stderr, /^Created role: s3-credentials\.AmazonS3FullAccess$/m);
        assert.equal(result.actions.filter((a) => a === "CreateRole").length, 1);
        const { Roles } = await iam.send(new ListRolesCommand({}));
        assert.deepEqual(Roles?.map((role) => role.RoleName), [ROLE]);
        const { AttachedPolicies } = await iam.send(
          new ListAttachedRolePoliciesCommand({ RoleName: ROLE }),
        );
        assert.deepEqual(AttachedPolicies?.map((p) => p.PolicyName), ["AmazonS3FullAccess"]);
        const credentials = JSON.parse(result.stdout);
        const sts = new STSClient({
          endpoint: moto.endpoint,
          region: "us-east-1",
          credentials: {
            accessKeyId: credentials.AccessKeyId,
            secretAccessKey: credentials.SecretAccessKey,
            sessionToken: credentials.SessionToken,
          },
        });
        try {
          const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
          assert.equal(
            Arn,
            `arn:aws:sts::123456789012:assumed-role/${ROLE}/s3.read-write.role-bucket`,
          );
        } finally {
          sts.destroy();
        }
      },
    );

    await t.step("a lost CreateRole answer that cannot be checked: one error line", async () => {
      await moto.reset();
      let createRoleSent = false;
      const result = await createThrough(
        moto,
        (request) => {
          if (request.action === "CreateRole" && !createRoleSent) {
            createRoleSent = true;
            return lost;
          }
          // Every GetRole after the lost answer, the SDK's retries included.
          if (request.action === "GetRole" && createRoleSent) {
            return { kind: "status", status: 500 };
          }
          return { kind: "pass" };
        },
        "create",
        "role-bucket",
        "-c",
        "-d",
        "15m",
      );
      assert.equal(result.code, 1);
      assert.equal(result.stdout, "");
      const lines = linesOf(result.stderr);
      assert.ok(
        lines.includes(
          `CreateRole got no answer and role ${ROLE} could not be looked up: ` +
            "if this run created it, it is left in place for later runs",
        ),
        result.stderr,
      );
      const errors = lines.filter((line) => line.startsWith("error: "));
      assert.equal(errors.length, 1, result.stderr);
      assert.match(errors[0], /CreateRole/);
    });
  } finally {
    iam.destroy();
    await moto.stop();
  }
});
