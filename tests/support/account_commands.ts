// Shared by the integration tests of whoami, list-users, list-roles,
// list-user-policies, list-buckets and delete-user.
import assert from "node:assert/strict";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { type CliResult, linesOf, runCli, STACK_FRAME } from "./cli.ts";
import { type AdminKeys, fakeCredentials, type Moto } from "./moto.ts";

/** Fake keys and a region: what the CLI needs against moto without enforcement. */
export const MOTO_KEYS_ENV = {
  AWS_ACCESS_KEY_ID: fakeCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: fakeCredentials.secretAccessKey,
  AWS_REGION: "us-east-1",
} as const;

/** Runs the CLI against `moto` with `env` (fake keys unless given). */
export function cliAgainst(moto: Moto, env: Record<string, string> = MOTO_KEYS_ENV) {
  return (...args: string[]) => runCli([...args, "--endpoint-url", moto.endpoint], { env });
}

/** SDK client options for test set-up against `moto`. */
export function clientOptions(moto: Moto, credentials: AdminKeys = fakeCredentials) {
  return { endpoint: moto.endpoint, region: "us-east-1", credentials };
}

/** Exit code 1, exactly one `error:` line containing `phrase`, no stack trace; stdout as given. */
export function assertOneErrorLine(result: CliResult, phrase: string | RegExp, stdout = "") {
  const context = `stderr: ${JSON.stringify(result.stderr)}`;
  assert.equal(result.code, 1, context);
  assert.equal(result.stdout, stdout, context);
  const lines = linesOf(result.stderr);
  assert.equal(lines.length, 1, `exactly one stderr line; ${context}`);
  assert.ok(lines[0].startsWith("error: "), context);
  if (typeof phrase === "string") assert.ok(lines[0].includes(phrase), context);
  else assert.match(lines[0], phrase);
  assert.doesNotMatch(result.stderr, STACK_FRAME);
}

/**
 * Switches moto's IAM enforcement on and returns an environment whose keys
 * belong to a user without any permission (and the admin's keys).
 */
export async function enforceWithPowerlessUser(moto: Moto) {
  const admin = await moto.enableAuth();
  const iam = new IAMClient(clientOptions(moto, admin));
  try {
    await iam.send(new CreateUserCommand({ UserName: "powerless" }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "powerless" }));
    return {
      admin,
      env: {
        AWS_ACCESS_KEY_ID: AccessKey!.AccessKeyId!,
        AWS_SECRET_ACCESS_KEY: AccessKey!.SecretAccessKey!,
        AWS_REGION: "us-east-1",
      },
    };
  } finally {
    iam.destroy();
  }
}
