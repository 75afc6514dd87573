// create --wait when the new key never works: the credentials are still delivered (printed or
// written to the profile), exit 1.
import assert from "node:assert/strict";
import { ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { linesOf, runCli } from "../support/cli.ts";
import { startFaultProxy } from "../support/fault_proxy.ts";
import { fakeCredentials, iamAt, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

Deno.test("create --wait: a key STS keeps refusing is delivered, kept, and the run fails", async (t) => {
  const moto = await startMoto();
  // Every GetCallerIdentity is refused, as while IAM has not spread a new key yet.
  const proxy = startFaultProxy(
    moto.endpoint,
    (request) =>
      request.action === "GetCallerIdentity" ? { kind: "status", status: 403 } : { kind: "pass" },
  );
  const iam = iamAt(moto.endpoint);
  try {
    await t.step("printed", async () => {
      const result = await runCli(
        ["create", "bkt", "-c", "--wait", "--wait-timeout", "2", "--endpoint-url", proxy.url],
        {
          env: {
            AWS_ACCESS_KEY_ID: fakeCredentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: fakeCredentials.secretAccessKey,
            AWS_REGION: "us-east-1",
          },
        },
      );
      assert.equal(result.code, 1, result.stderr);
      const printed = JSON.parse(result.stdout);
      assert.equal(printed.UserName, "s3.read-write.bkt");
      const lines = linesOf(result.stderr);
      assert.ok(
        lines.includes(
          `Waiting for access key ${printed.AccessKeyId} to work (IAM takes a few seconds)...`,
        ),
        result.stderr,
      );
      assert.match(
        lines.at(-1)!,
        new RegExp(
          `^error: access key ${printed.AccessKeyId} did not work within 2s \\(last answer: ` +
            "An error occurred \\(403\\) when calling the GetCallerIdentity operation: .+\\); " +
            "the credentials were printed$",
        ),
      );
      assert.ok(!result.stderr.includes(printed.SecretAccessKey));
      // Tried at 0, 0.5 and 1.5 s; 1.5 + 2 s would pass the limit.
      const tries = proxy.log.filter((entry) => entry.request.action === "GetCallerIdentity");
      assert.equal(tries.length, 3);
      const { AccessKeyMetadata } = await iam.send(
        new ListAccessKeysCommand({ UserName: "s3.read-write.bkt" }),
      );
      assert.deepEqual(AccessKeyMetadata!.map((k) => k.AccessKeyId), [printed.AccessKeyId]);
    });

    await t.step("written to a profile: the error says where they went", async () => {
      const home = await Deno.makeTempDir({ prefix: "s3c-wait-profile-" });
      try {
        const result = await runCli(
          [
            "create",
            "bkt2",
            "-c",
            "--wait",
            "--wait-timeout",
            "1",
            "--write-profile",
            "waited",
            "--endpoint-url",
            proxy.url,
          ],
          {
            env: {
              HOME: home,
              AWS_ACCESS_KEY_ID: fakeCredentials.accessKeyId,
              AWS_SECRET_ACCESS_KEY: fakeCredentials.secretAccessKey,
              AWS_REGION: "us-east-1",
              AWS_CONFIG_FILE: `${home}/config`,
              AWS_SHARED_CREDENTIALS_FILE: `${home}/credentials`,
            },
          },
        );
        assert.equal(result.code, 1, result.stderr);
        assert.equal(result.stdout, "");
        const keyId = /aws_access_key_id = (\S+)/.exec(
          await Deno.readTextFile(`${home}/credentials`),
        )![1];
        assert.match(
          linesOf(result.stderr).at(-1)!,
          new RegExp(
            `^error: access key ${keyId} did not work within 1s \\(last answer: .+\\); ` +
              "the credentials were written to profile 'waited'$",
          ),
        );
        const { AccessKeyMetadata } = await iam.send(
          new ListAccessKeysCommand({ UserName: "s3.read-write.bkt2" }),
        );
        assert.deepEqual(AccessKeyMetadata!.map((k) => k.AccessKeyId), [keyId]);
      } finally {
        await Deno.remove(home, { recursive: true });
      }
    });
  } finally {
    iam.destroy();
    await proxy.close();
    await moto.stop();
  }
});
