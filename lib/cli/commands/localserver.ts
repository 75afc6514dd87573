import { buildCommand } from "@stricli/core";
import { UsageError } from "../../errors.ts";
import type { LocalServerRequest } from "../../server/run.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import { durationFlagParameter } from "../flags/duration.ts";
import { parseBucketName } from "../flags/bucket.ts";
import {
  type PolicyRequestFlags,
  policyRequestOf,
  policyRequestParameters,
} from "../flags/policy-request.ts";
import type { CliContext } from "../context.ts";
import {
  conditionFlagParameters,
  type ConditionFlags,
  conditionsOf,
  conditionWarnings,
} from "../flags/conditions.ts";
import { isUnconditional } from "../../policy/conditions.ts";
import { localServerSessionStep } from "../../policy/localserver.ts";

/** Environment variable holding the bearer token when `--token` is not given. */
export const TOKEN_ENV = "S3_CREDENTIALS_TOKEN";

interface LocalServerFlags extends AwsFlags, PolicyRequestFlags, ConditionFlags {
  readonly duration?: number;
  readonly port: number;
  readonly host: string;
  readonly token?: string;
}

/** Parses `--port`: an integer from 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`'${value}' is not a valid integer.`);
  const port = Number(value);
  if (port > 65535) throw new Error(`${value} is not a port number (0 to 65535)`);
  return port;
}

/** Parses a bearer token: visible ASCII characters, no spaces, and never empty ("no token"). */
export function parseToken(value: string): string {
  if (value === "") {
    throw new Error("the token must not be empty; to serve without a token, give none");
  }
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new Error("a token must be one or more visible ASCII characters, without spaces");
  }
  return value;
}

function parseHost(value: string): string {
  if (value.trim() === "") throw new Error("the host must not be empty");
  return value;
}

/**
 * Turns flags, the bucket and the environment into a validated request;
 * throws UsageError for conflicts and bad values, before any AWS call.
 */
export function localServerRequestFrom(
  flags: LocalServerFlags,
  bucket: string,
  env: (name: string) => string | undefined,
): LocalServerRequest {
  const policyRequest = policyRequestOf(flags);
  if (flags.duration === undefined) throw new UsageError("Missing option '-d' / '--duration'.");
  let token = flags.token;
  let tokenVariable: string | undefined;
  const fromEnv = env(TOKEN_ENV);
  // Set but empty is refused too: it must not silently mean "no authentication".
  if (token === undefined && fromEnv !== undefined) {
    try {
      token = parseToken(fromEnv);
      tokenVariable = TOKEN_ENV;
    } catch (error) {
      throw new UsageError(`Invalid value for ${TOKEN_ENV}: ${(error as Error).message}`);
    }
  }
  const conditions = conditionsOf(flags);
  const session = {
    bucket,
    ...policyRequest,
    durationSeconds: flags.duration,
    ...(isUnconditional(conditions) ? {} : { conditions }),
  };
  // The session policy's size is checked now, before any AWS call.
  localServerSessionStep(session);
  return {
    session,
    host: flags.host,
    port: flags.port,
    token,
    tokenVariable,
  };
}

export default buildCommand({
  async func(this: CliContext, flags: LocalServerFlags, bucket: string) {
    const request = localServerRequestFrom(flags, bucket, (name) => Deno.env.get(name));
    const stderr = this.process.stderr;
    for (const line of conditionWarnings(conditionsOf(flags))) stderr.write(line + "\n");
    const clients = await this.aws(flags, ["iam", "sts", "s3"]);
    const { runLocalServer } = await import("../../server/run.ts");
    try {
      await runLocalServer(request, { clients, stderr: (text) => stderr.write(text) });
    } finally {
      // Idle keep-alive sockets of the SDK would otherwise hold the process open.
      for (const client of [clients.s3, clients.iam, clients.sts]) client.destroy();
    }
  },
  parameters: {
    flags: {
      // Checked in the action, to word its absence as the reference tool does.
      duration: {
        ...durationFlagParameter,
        optional: true,
        brief: `${durationFlagParameter.brief} (required)`,
      },
      port: {
        kind: "parsed",
        parse: parsePort,
        default: "8094",
        brief: "Port to listen on (0: any free port)",
      },
      host: { kind: "parsed", parse: parseHost, default: "localhost", brief: "Address to bind" },
      ...policyRequestParameters,
      ...conditionFlagParameters,
      token: {
        kind: "parsed",
        parse: parseToken,
        optional: true,
        placeholder: "TOKEN",
        brief: `Require 'Authorization: [Bearer ]TOKEN' (default: $${TOKEN_ENV})`,
      },
      ...awsFlagParameters,
    },
    aliases: { d: "duration", p: "port", ...awsAliases },
    positional: {
      kind: "tuple",
      parameters: [{
        brief: "Bucket to serve credentials for",
        placeholder: "BUCKET",
        parse: parseBucketName,
      }],
    },
  },
  docs: {
    brief: "Serve renewing temporary credentials to local tools over HTTP",
    fullDescription: [
      "Serves temporary credentials for one bucket over HTTP, in the format of the",
      "AWS credential_process setting. --duration is required. Credentials are",
      "renewed in the background before they come close to expiring; a request",
      "waits only when no valid set is left.",
      "",
      "    s3-credentials localserver my-bucket --read-only -d 1h",
      "",
      "Then, in ~/.aws/config:",
      "",
      "    [profile my-bucket]",
      "    credential_process = curl -s http://localhost:8094/",
      "",
      "AWS SDKs can also read them directly, in the container credentials format,",
      "from /container (the start-up lines say what to set):",
      "",
      "    export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://localhost:8094/container",
      "",
      "--source-ip, --vpc-endpoint and --require-tls limit where the credentials work",
      "(see docs/credentials.md):",
      "",
      "    s3-credentials localserver my-bucket -d 1h --source-ip 203.0.113.0/24 --require-tls",
      "",
      `With --token (or $${TOKEN_ENV}) clients must send 'Authorization: Bearer TOKEN'`,
      "or 'Authorization: TOKEN' (set AWS_CONTAINER_AUTHORIZATION_TOKEN=TOKEN for SDKs).",
      "",
      "GET / answers the credentials as JSON (Version, AccessKeyId, SecretAccessKey,",
      "SessionToken, Expiration), GET /container in the container format; other paths get 404,",
      "other methods 405, a missing or wrong token 401, a request a web page could send 403, and",
      "503 when no valid credentials are left. --port 0 takes any free port. Ctrl+C or SIGTERM",
      "stops the server after the requests in flight.",
    ].join("\n"),
  },
});
