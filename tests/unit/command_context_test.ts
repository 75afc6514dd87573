// Commands get AWS and the command tree from stricli's custom context: a test hands them a fake one.
import assert from "node:assert/strict";
import { run } from "@stricli/core";
import type { AwsClients } from "../../lib/aws/clients.ts";
import { buildApp } from "../../lib/cli/app.ts";
import type { CliContext } from "../../lib/cli/context.ts";
import { loadRoutes } from "../../lib/cli/registry.ts";
import { errorText, exitCodeFor } from "../../lib/cli/report.ts";

/** Runs `args` with a context whose AWS is `clients`; returns the output and each aws() request. */
async function runWith(
  args: string[],
  clients: Partial<AwsClients>,
  routes = () => loadRoutes([]),
) {
  const out: string[] = [];
  const err: string[] = [];
  const requests: { flags: unknown; services: readonly string[] }[] = [];
  const process = {
    stdout: { write: (text: string) => void out.push(text) },
    stderr: { write: (text: string) => void err.push(text) },
    exitCode: undefined as number | string | null | undefined,
  };
  const context: CliContext & { process: typeof process } = {
    process,
    aws(flags, services) {
      requests.push({ flags, services });
      return Promise.resolve(clients as AwsClients);
    },
    routes,
  };
  const app = buildApp(await loadRoutes(args), { text: errorText }, exitCodeFor);
  await run(app, args, context);
  return { stdout: out.join(""), stderr: err.join(""), code: process.exitCode, requests };
}

Deno.test("whoami asks its context for STS alone, with the flags given, and prints the answer", async () => {
  const identity = {
    UserId: "AIDA1",
    Account: "123456789012",
    Arn: "arn:aws:iam::123456789012:user/u",
  };
  const sts = { send: () => Promise.resolve(identity) };
  const credentialSource = () => Promise.resolve("profile dev (SSO)");
  const result = await runWith(
    ["whoami", "--region", "eu-west-1"],
    { sts, credentialSource } as unknown as Partial<AwsClients>,
  );
  assert.equal(result.stderr, "");
  assert.deepEqual(result.requests.map((r) => r.services), [["sts"]]);
  assert.equal((result.requests[0].flags as { region: string }).region, "eu-west-1");
  // The source comes last, after the identity's fields in their order.
  assert.deepEqual(JSON.parse(result.stdout), { ...identity, Source: "profile dev (SSO)" });
  assert.deepEqual(Object.keys(JSON.parse(result.stdout)), ["UserId", "Account", "Arn", "Source"]);
});

Deno.test("a listing with conflicting format flags fails before asking its context for AWS", async () => {
  const result = await runWith(["list-users", "--csv", "--nl"], {});
  assert.deepEqual(result.requests, []);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr, "error: --nl, --csv cannot be used together\n");
  assert.equal(result.code, 2);
});

Deno.test("completions describes the command tree its context hands it", async () => {
  const result = await runWith(["completions", "bash"], {}, () => loadRoutes(["policy"]));
  assert.equal(result.stderr, "");
  assert.match(result.stdout, /\bpolicy\b/);
  assert.match(result.stdout, /--read-only/);
  assert.doesNotMatch(result.stdout, /\bcreate\b|--access-key/);
});
