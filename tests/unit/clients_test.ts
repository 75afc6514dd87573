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

Deno.test("without any configured region the clients use us-east-1", async () => {
  const saved = ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONFIG_FILE", "AWS_PROFILE"].map(
    (name) => [name, Deno.env.get(name)] as const,
  );
  Deno.env.delete("AWS_REGION");
  Deno.env.delete("AWS_DEFAULT_REGION");
  Deno.env.delete("AWS_PROFILE");
  Deno.env.set("AWS_CONFIG_FILE", "/nonexistent/s3-credentials-test-config");
  try {
    const clients = await createClients({ ...options, region: undefined }, ["iam"]);
    assert.equal(clients.region, FALLBACK_REGION);
    clients.iam.destroy();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
    }
  }
});

Deno.test("an endpoint set in the environment gets path-style S3 URLs too", async () => {
  const saved = Deno.env.get("AWS_ENDPOINT_URL");
  Deno.env.set("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
  try {
    const clients = await createClients({ ...options, endpointUrl: undefined }, ["s3"]);
    assert.equal(clients.s3.config.forcePathStyle, true);
    clients.s3.destroy();
  } finally {
    if (saved === undefined) Deno.env.delete("AWS_ENDPOINT_URL");
    else Deno.env.set("AWS_ENDPOINT_URL", saved);
  }
});
