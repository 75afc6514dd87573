import assert from "node:assert/strict";
import { CreateUserCommand, IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import { startFaultProxy } from "../support/fault_proxy.ts";
import { fakeCredentials, startMoto } from "../support/moto.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

Deno.test("fault proxy: passes, fails and loses responses as told", async () => {
  const moto = await startMoto();
  const faults = ["pass", "status", "lose-response"] as const;
  let next = 0;
  const proxy = startFaultProxy(moto.endpoint, () => {
    const kind = faults[next++] ?? "pass";
    return kind === "status" ? { kind, status: 500 } : { kind };
  });
  const iam = new IAMClient({
    endpoint: proxy.url,
    region: "us-east-1",
    credentials: fakeCredentials,
    maxAttempts: 1,
  });
  try {
    await iam.send(new CreateUserCommand({ UserName: "passed" }));
    await assert.rejects(iam.send(new CreateUserCommand({ UserName: "refused" })), (e: Error) => {
      assert.equal(
        (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode,
        500,
      );
      return true;
    });
    await assert.rejects(iam.send(new CreateUserCommand({ UserName: "lost" })));
    const { Users } = await iam.send(new ListUsersCommand({}));
    // The lost response's request took effect; the refused one never arrived.
    assert.deepEqual(Users?.map((u) => u.UserName).sort(), ["lost", "passed"]);
    assert.deepEqual(proxy.log.map((entry) => [entry.request.action, entry.fault]), [
      ["CreateUser", "pass"],
      ["CreateUser", "status"],
      ["CreateUser", "lose-response"],
      ["ListUsers", "pass"],
    ]);
  } finally {
    iam.destroy();
    await proxy.close();
    await moto.stop();
  }
});
