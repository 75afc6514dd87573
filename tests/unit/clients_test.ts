import assert from "node:assert/strict";
import { createClients, FALLBACK_REGION } from "../../lib/aws/clients.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const options = {
  credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  endpointUrl: "http://127.0.0.1:1",
  region: "eu-west-2",
};

Deno.test("createClients builds only the clients it was asked for", async () => {
  const clients = await createClients(options, ["sts"]);
  assert.equal(await clients.sts.config.region(), "eu-west-2");
  assert.throws(() => clients.iam, /the iam client was not requested/);
  assert.throws(() => clients.s3, /the s3 client was not requested/);
  clients.sts.destroy();
});

Deno.test("createClients: one S3 client per region, custom endpoints use path-style URLs", async () => {
  const clients = await createClients(options, ["s3"]);
  assert.equal(clients.s3, clients.s3ForRegion(undefined));
  assert.equal(clients.s3, clients.s3ForRegion("eu-west-2"));
  const other = clients.s3ForRegion("ap-south-1");
  assert.notEqual(other, clients.s3);
  assert.equal(await other.config.region(), "ap-south-1");
  assert.equal(clients.s3.config.forcePathStyle, true);
  clients.s3.destroy();
  other.destroy();
});

/**
 * Runs `code` in a fresh process whose environment is only `env` (tests run in parallel and
 * share this process's environment): `createClients` and `options` are in scope; what the
 * code prints is returned.
 */
async function withEnvironment(env: Record<string, string>, code: string): Promise<string> {
  const root = new URL("../../", import.meta.url);
  const script = `const { createClients } = await import("${new URL("lib/aws/clients.ts", root)}");
    const options = ${JSON.stringify(options)};
    ${code}`;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--config", new URL("deno.json", root).pathname, script],
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      AWS_EC2_METADATA_DISABLED: "true",
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.ok(output.success, stderr);
  return new TextDecoder().decode(output.stdout).trim();
}

Deno.test("without any configured region the clients use us-east-1", async () => {
  const region = await withEnvironment(
    { AWS_CONFIG_FILE: "/nonexistent/s3-credentials-test-config" },
    `const clients = await createClients({ ...options, region: undefined }, ["iam"]);
    console.log(clients.region);`,
  );
  assert.equal(region, FALLBACK_REGION);
});

Deno.test("an endpoint set in the environment gets path-style S3 URLs too", async () => {
  const pathStyle = await withEnvironment(
    { AWS_ENDPOINT_URL: "http://127.0.0.1:1", AWS_CONFIG_FILE: "/nonexistent/config" },
    `const clients = await createClients({ ...options, endpointUrl: undefined }, ["s3"]);
    console.log(clients.s3.config.forcePathStyle);`,
  );
  assert.equal(pathStyle, "true");
});
