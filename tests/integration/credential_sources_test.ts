// The default chain's other sources, each through a real run of whoami against the emulator:
// a credential_process (alone and as a role's source_profile), web identity (environment and
// profile) at the run's STS endpoint, our own localserver as the container endpoint, and SSO
// profiles (sso_session and legacy) with a token cache file and a fake SSO portal.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { clientOptions } from "../support/account_commands.ts";
import { type CliResult, linesOf, runCli, spawnCli } from "../support/cli.ts";
import { type Moto, startMoto } from "../support/moto.ts";

const ROLE = "arn:aws:iam::123456789012:role/admin";
const WEB_ROLE = "arn:aws:iam::123456789012:role/webrole";
const START_URL = "https://example.awsapps.com/start";
/** moto takes any JWT-shaped token. */
const WEB_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3ZWIifQ.c2lnbmF0dXJl";
const SSO_TOKEN = "sso-access-token-value";

interface Keys {
  readonly id: string;
  readonly secret: string;
}

async function userKeys(moto: Moto, name: string): Promise<Keys> {
  const iam = new IAMClient(clientOptions(moto));
  try {
    await iam.send(new CreateUserCommand({ UserName: name }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    return { id: AccessKey!.AccessKeyId!, secret: AccessKey!.SecretAccessKey! };
  } finally {
    iam.destroy();
  }
}

/** Runs `whoami ...args --endpoint-url moto --debug` with `home` as HOME and its .aws files. */
function whoami(
  moto: Moto,
  home: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return runCli(["whoami", ...args, "--endpoint-url", moto.endpoint, "--debug"], {
    awsEnv: false,
    env: { HOME: home, AWS_EC2_METADATA_DISABLED: "true", AWS_REGION: "us-east-1", ...env },
  });
}

/** whoami succeeded: its identity, and the --debug lines naming the source and requests. */
function identityOf(result: CliResult) {
  assert.equal(result.code, 0, result.stderr);
  const identity = JSON.parse(result.stdout) as { Arn: string; Source: string };
  const lines = linesOf(result.stderr);
  assert.ok(lines.includes(`debug: credentials from ${identity.Source}`), result.stderr);
  return { ...identity, lines };
}

/** The request lines for `operation`, as `service operation endpoint status`. */
function sent(lines: string[], operation: string): string[] {
  return lines.filter((line) => line.split(" ")[2] === operation)
    .map((line) => line.split(" ").slice(1, 5).join(" "));
}

async function withHome<T>(config: string, use: (home: string) => Promise<T>): Promise<T> {
  const home = await Deno.makeTempDir({ prefix: "s3c-sources-" });
  try {
    await Deno.mkdir(`${home}/.aws`);
    await Deno.writeTextFile(`${home}/.aws/config`, config);
    return await use(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("the credential chain's sources work through a real run", async (t) => {
  const moto = await startMoto();
  try {
    await t.step("credential_process, alone and as a role's source_profile", async () => {
      const keys = await userKeys(moto, "procuser");
      await withHome("", async (home) => {
        const script = `${home}/keys.sh`;
        await Deno.writeTextFile(
          script,
          `echo '${
            JSON.stringify({ Version: 1, AccessKeyId: keys.id, SecretAccessKey: keys.secret })
          }'\n`,
        );
        await Deno.writeTextFile(
          `${home}/.aws/config`,
          `[profile procsource]\ncredential_process = sh ${script}\n\n` +
            `[profile procrole]\nrole_arn = ${ROLE}\nsource_profile = procsource\n`,
        );
        const alone = identityOf(await whoami(moto, home, ["--profile", "procsource"]));
        assert.equal(alone.Arn, "arn:aws:iam::123456789012:user/procuser");
        assert.equal(alone.Source, "profile procsource (credential_process)");
        const role = identityOf(await whoami(moto, home, ["--profile", "procrole"]));
        assert.match(role.Arn, /^arn:aws:sts::123456789012:assumed-role\/admin\//);
        assert.equal(role.Source, "profile procrole (assumed role)");
        assert.deepEqual(sent(role.lines, "AssumeRole"), [`sts AssumeRole ${moto.endpoint} 200`]);
      });
    });

    await t.step("web identity from the environment, with --endpoint-url alone", async () => {
      await withHome("", async (home) => {
        await Deno.writeTextFile(`${home}/token`, WEB_TOKEN);
        const result = identityOf(
          await whoami(moto, home, [], {
            AWS_WEB_IDENTITY_TOKEN_FILE: `${home}/token`,
            AWS_ROLE_ARN: WEB_ROLE,
            AWS_ROLE_SESSION_NAME: "envsession",
          }),
        );
        assert.equal(result.Arn, "arn:aws:sts::123456789012:assumed-role/webrole/envsession");
        assert.equal(result.Source, "web identity");
        assert.deepEqual(sent(result.lines, "AssumeRoleWithWebIdentity"), [
          `sts AssumeRoleWithWebIdentity ${moto.endpoint} 200`,
        ]);
      });
    });

    await t.step("a profile's web_identity_token_file, with --endpoint-url alone", async () => {
      await withHome("", async (home) => {
        await Deno.writeTextFile(`${home}/token`, WEB_TOKEN);
        await Deno.writeTextFile(
          `${home}/.aws/config`,
          `[profile webid]\nrole_arn = ${WEB_ROLE}\nweb_identity_token_file = ${home}/token\n` +
            "role_session_name = profilesession\n",
        );
        const result = identityOf(await whoami(moto, home, ["--profile", "webid"]));
        assert.equal(result.Arn, "arn:aws:sts::123456789012:assumed-role/webrole/profilesession");
        assert.equal(result.Source, "profile webid (web identity)");
        assert.deepEqual(sent(result.lines, "AssumeRoleWithWebIdentity"), [
          `sts AssumeRoleWithWebIdentity ${moto.endpoint} 200`,
        ]);
      });
    });

    await t.step("our own localserver as the container endpoint of another run", async () => {
      const s3 = new S3Client({ ...clientOptions(moto), forcePathStyle: true });
      try {
        await s3.send(new CreateBucketCommand({ Bucket: "container-bucket" }));
      } finally {
        s3.destroy();
      }
      const keys = await userKeys(moto, "serveruser");
      const token = "container-token-1";
      const server = await spawnCli(
        [
          "localserver",
          "container-bucket",
          "-d",
          "15m",
          "-p",
          "0",
          "--host",
          "127.0.0.1",
          "--read-only",
          "--token",
          token,
          "--endpoint-url",
          moto.endpoint,
          "--access-key",
          keys.id,
          "--secret-key",
          keys.secret,
        ],
        { ready: "Press Ctrl+C to stop\n" },
      );
      try {
        const uri = /export AWS_CONTAINER_CREDENTIALS_FULL_URI=(\S+)\n/.exec(server.stderr())?.[1];
        assert.ok(uri, server.stderr());
        await withHome("", async (home) => {
          const result = identityOf(
            await whoami(moto, home, [], {
              AWS_CONTAINER_CREDENTIALS_FULL_URI: uri,
              AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
            }),
          );
          assert.match(result.Arn, /^arn:aws:sts::123456789012:assumed-role\//);
          assert.equal(result.Source, "container endpoint");
        });
      } finally {
        await server.stop();
      }
      assert.ok(
        linesOf(server.stderr()).some((line) => line.includes('"GET /container')),
        server.stderr(),
      );
    });

    await t.step("SSO profiles (sso_session and legacy) through a fake SSO portal", async () => {
      const keys = await userKeys(moto, "ssouser");
      const asked: string[] = [];
      const portal = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
        const url = new URL(request.url);
        asked.push(
          `${request.method} ${url.pathname} ${url.searchParams.get("account_id")} ` +
            `${url.searchParams.get("role_name")} ${request.headers.get("x-amz-sso_bearer_token")}`,
        );
        return Response.json({
          roleCredentials: {
            accessKeyId: keys.id,
            secretAccessKey: keys.secret,
            sessionToken: "sso-session-token",
            expiration: Date.now() + 3_600_000,
          },
        });
      });
      const config = "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\n" +
        "sso_role_name = Admin\n\n[sso-session corp]\n" +
        `sso_start_url = ${START_URL}\nsso_region = us-east-1\n\n` +
        `[profile legacysso]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\n` +
        "sso_account_id = 123456789012\nsso_role_name = Admin\n";
      try {
        await withHome(config, async (home) => {
          // What `aws sso login` leaves: a token file named by the SHA-1 of the session or URL.
          await Deno.mkdir(`${home}/.aws/sso/cache`, { recursive: true });
          for (const key of ["corp", START_URL]) {
            const name = createHash("sha1").update(key).digest("hex");
            await Deno.writeTextFile(
              `${home}/.aws/sso/cache/${name}.json`,
              JSON.stringify({
                accessToken: SSO_TOKEN,
                expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
                region: "us-east-1",
                startUrl: START_URL,
              }),
            );
          }
          const env = { AWS_ENDPOINT_URL_SSO: `http://127.0.0.1:${portal.addr.port}` };
          for (const profile of ["sso", "legacysso"]) {
            const run = await whoami(moto, home, ["--profile", profile], env);
            const result = identityOf(run);
            assert.equal(result.Arn, "arn:aws:iam::123456789012:user/ssouser");
            assert.equal(result.Source, `profile ${profile} (SSO)`);
            assert.deepEqual(sent(result.lines, "GetRoleCredentials"), [
              `sso GetRoleCredentials ${env.AWS_ENDPOINT_URL_SSO} 200`,
            ]);
            assert.ok(!run.stderr.includes(SSO_TOKEN) && !run.stderr.includes(keys.secret));
          }
        });
      } finally {
        await portal.shutdown();
      }
      const expected = `GET /federation/credentials 123456789012 Admin ${SSO_TOKEN}`;
      assert.deepEqual(asked, [expected, expected]);
    });
  } finally {
    await moto.stop();
  }
});
