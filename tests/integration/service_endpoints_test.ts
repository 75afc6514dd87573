// Per-service endpoints with two emulators: IAM and STS go to one, S3 to the other,
// whether set by flags, by AWS_ENDPOINT_URL_* or by a profile's `services` section.
import assert from "node:assert/strict";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { runCli } from "../support/cli.ts";
import { type FaultProxy, startFaultProxy } from "../support/fault_proxy.ts";
import { fakeCredentials, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const BUCKET = "split-bucket";
const KEYS = {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "us-east-1",
};

/** What each emulator saw: IAM/STS actions at one, S3 requests (no Action) at the other. */
function seen(proxy: FaultProxy): string[] {
  const requests = proxy.log.map(({ request }) =>
    request.action ?? `S3 ${request.method} ${request.target.split("?")[0].replace(/\/$/, "")}`
  );
  proxy.log.length = 0;
  return requests;
}

Deno.test("IAM and STS at one endpoint, S3 at another", async (t) => {
  const [identity, storage] = await Promise.all([startMoto(), startMoto()]);
  const iamSts = startFaultProxy(identity.endpoint);
  const s3Only = startFaultProxy(storage.endpoint);
  const s3 = new S3Client({
    endpoint: storage.endpoint,
    region: "us-east-1",
    credentials: fakeCredentials,
    forcePathStyle: true,
  });
  const check = (label: string) => {
    const atIdentity = seen(iamSts);
    const atStorage = seen(s3Only);
    assert.ok(atIdentity.length > 0, `${label}: IAM/STS saw nothing`);
    assert.ok(
      atIdentity.every((action) => !action.startsWith("S3 ")),
      `${label}: ${atIdentity}`,
    );
    assert.ok(atIdentity.includes("AssumeRole"), `${label}: ${atIdentity}`);
    assert.deepEqual(atStorage, [`S3 HEAD /${BUCKET}`], label);
  };
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const args = ["create", BUCKET, "-d", "15m", "--silent"];

    await t.step("--iam-endpoint-url and --sts-endpoint-url override --endpoint-url", async () => {
      const result = await runCli([
        ...args,
        "--endpoint-url",
        s3Only.url,
        "--iam-endpoint-url",
        iamSts.url,
        "--sts-endpoint-url",
        iamSts.url,
      ], { env: KEYS });
      assert.equal(result.code, 0, result.stderr);
      check("flags");
    });

    await t.step("AWS_ENDPOINT_URL_IAM / _STS override AWS_ENDPOINT_URL", async () => {
      const result = await runCli(args, {
        env: {
          ...KEYS,
          AWS_ENDPOINT_URL: s3Only.url,
          AWS_ENDPOINT_URL_IAM: iamSts.url,
          AWS_ENDPOINT_URL_STS: iamSts.url,
        },
      });
      assert.equal(result.code, 0, result.stderr);
      check("environment");
      const s3Env = await runCli(args, {
        env: { ...KEYS, AWS_ENDPOINT_URL: iamSts.url, AWS_ENDPOINT_URL_S3: s3Only.url },
      });
      assert.equal(s3Env.code, 0, s3Env.stderr);
      check("AWS_ENDPOINT_URL_S3");
    });

    await t.step("a --profile's services section and endpoint_url", async () => {
      const home = await Deno.makeTempDir({ prefix: "s3c-services-" });
      try {
        await Deno.writeTextFile(
          `${home}/config`,
          [
            "[default]",
            "endpoint_url = http://127.0.0.1:9", // not this profile's: never used
            "[profile split]",
            "region = us-east-1",
            "services = split-services",
            `endpoint_url = ${iamSts.url}`,
            "[services split-services]",
            "s3 =",
            `  endpoint_url = ${s3Only.url}`,
            "",
          ].join("\n"),
        );
        await Deno.writeTextFile(
          `${home}/credentials`,
          "[split]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
        );
        const result = await runCli([...args, "--profile", "split"], {
          env: {
            AWS_CONFIG_FILE: `${home}/config`,
            AWS_SHARED_CREDENTIALS_FILE: `${home}/credentials`,
          },
        });
        assert.equal(result.code, 0, result.stderr);
        check("profile");
      } finally {
        await Deno.remove(home, { recursive: true });
      }
    });
  } finally {
    s3.destroy();
    await iamSts.close();
    await s3Only.close();
    await Promise.all([identity.stop(), storage.stop()]);
  }
});
