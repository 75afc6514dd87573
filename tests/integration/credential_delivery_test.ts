// create's credentials where programs look for them, against the moto emulator: the
// `process` format run by boto3 as a profile's credential_process, --write-profile into
// a real HOME read by boto3, and localserver's container endpoint read by boto3 and the
// AWS SDK for JavaScript.
import assert from "node:assert/strict";
import { ListUsersCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  assertUsageError,
  linesOf,
  MAIN_PATH,
  parentDenoDir,
  REPO_ROOT,
  runCli,
  spawnCli,
  startFakeEndpoint,
} from "../support/cli.ts";
import { fakeCredentials, iamAt, startMoto } from "../support/moto.ts";
import { boto3, listBucketPy } from "../support/python_sdk.ts";

Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");

const BUCKET = "delivered";
const KEYS_FLAGS = ["--access-key", "testing", "--secret-key", "testing", "--region", "us-east-1"];
const ROLE = "arn:aws:sts::123456789012:assumed-role/s3-credentials.AmazonS3FullAccess/";

const callerPy = "import boto3; print(boto3.client('sts', region_name='us-east-1')" +
  ".get_caller_identity()['Arn'])";

async function withHome<T>(run: (home: string) => Promise<T>): Promise<T> {
  const home = await Deno.makeTempDir({ prefix: "s3c-profile-home-" });
  try {
    return await run(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

const modeOf = async (path: string) => (await Deno.stat(path)).mode! & 0o777;

Deno.test("credentials delivered to SDKs", async (t) => {
  const moto = await startMoto();
  const s3 = new S3Client({
    endpoint: moto.endpoint,
    region: "us-east-1",
    credentials: fakeCredentials,
    forcePathStyle: true,
  });
  const iam = iamAt(moto.endpoint);
  const inHome = (home: string, more: Record<string, string> = {}) => ({
    awsEnv: false,
    env: { HOME: home, AWS_EC2_METADATA_DISABLED: "true", ...more },
  });
  const users = async () => (await iam.send(new ListUsersCommand({}))).Users?.length ?? 0;
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "hello.txt", Body: "hi" }));

    await t.step("-f process, run by boto3 as a profile's credential_process", async () => {
      await withHome(async (home) => {
        const command = [
          Deno.execPath(),
          "run",
          "-A",
          "--cached-only",
          MAIN_PATH,
          "create",
          BUCKET,
          "--read-only",
          "-d",
          "15m",
          "-f",
          "process",
          "--silent",
          "--endpoint-url",
          moto.endpoint,
          ...KEYS_FLAGS,
        ].join(" ");
        await Deno.writeTextFile(
          `${home}/config`,
          `[profile scoped]\nregion = us-east-1\ncredential_process = ${command}\n`,
        );
        const env = {
          HOME: home,
          DENO_DIR: await parentDenoDir(),
          AWS_CONFIG_FILE: `${home}/config`,
          AWS_SHARED_CREDENTIALS_FILE: `${home}/none`,
          AWS_PROFILE: "scoped",
          AWS_ENDPOINT_URL: moto.endpoint,
        };
        assert.equal(await boto3(listBucketPy(BUCKET), env), "hello.txt");
        assert.equal(await boto3(callerPy, env), `${ROLE}s3.read-only.${BUCKET}`);
      });
    });

    await t.step(
      "--write-profile into a fresh HOME: 0700 ~/.aws, 0600 files, boto3 uses it",
      async () => {
        await withHome(async (home) => {
          const result = await runCli(
            [
              "create",
              BUCKET,
              "--read-only",
              "--write-profile",
              "ro",
              "--endpoint-url",
              moto.endpoint,
              ...KEYS_FLAGS,
            ],
            inHome(home),
          );
          assert.equal(result.code, 0, result.stderr);
          assert.equal(result.stdout, "");
          const wrote = linesOf(result.stderr).at(-1);
          assert.equal(
            wrote,
            `Wrote profile 'ro': credentials to ${home}/.aws/credentials, region and endpoint to ${home}/.aws/config`,
          );
          assert.equal(await modeOf(`${home}/.aws`), 0o700);
          assert.equal(await modeOf(`${home}/.aws/credentials`), 0o600);
          assert.equal(await modeOf(`${home}/.aws/config`), 0o600);
          const credentials = await Deno.readTextFile(`${home}/.aws/credentials`);
          const secret = /aws_secret_access_key = (\S+)/.exec(credentials)![1];
          assert.ok(!result.stderr.includes(secret), "the secret reached stderr");
          assert.equal(
            await Deno.readTextFile(`${home}/.aws/config`),
            `[profile ro]\nregion = us-east-1\nendpoint_url = ${moto.endpoint}\n`,
          );
          // The endpoint comes from the profile too: no AWS_ENDPOINT_URL here.
          assert.equal(
            await boto3(listBucketPy(BUCKET), { HOME: home, AWS_PROFILE: "ro" }),
            "hello.txt",
          );
        });
      },
    );

    await t.step(
      "--write-profile beside other profiles: their bytes stay, --force replaces",
      async () => {
        await withHome(async (home) => {
          await Deno.mkdir(`${home}/.aws`);
          const credentials = "# my keys\n[default]\naws_access_key_id = AKIAOLD\n" +
            "aws_secret_access_key = old ; keep\n\n[other]   # a comment\naws_access_key_id=X\n" +
            "aws_secret_access_key=Y\n";
          const config = "[default]\nregion = eu-west-1\n# trailing comment";
          await Deno.writeTextFile(`${home}/.aws/credentials`, credentials);
          await Deno.writeTextFile(`${home}/.aws/config`, config);
          const args = [
            "create",
            BUCKET,
            "-d",
            "15m",
            "--write-profile",
            "tmp",
            "--endpoint-url",
            moto.endpoint,
            ...KEYS_FLAGS,
          ];
          const first = await runCli(args, inHome(home));
          assert.equal(first.code, 0, first.stderr);
          assert.equal(first.stdout, "");
          assert.match(
            linesOf(first.stderr).at(-1)!,
            /^Wrote profile 'tmp' \(valid until \d{4}-.*Z\): /,
          );
          const written = await Deno.readTextFile(`${home}/.aws/credentials`);
          assert.ok(written.startsWith(credentials + "\n[tmp]\naws_access_key_id = "), written);
          assert.match(written, /\naws_session_token = \S+\n$/);
          assert.equal(
            await Deno.readTextFile(`${home}/.aws/config`),
            `${config}\n\n[profile tmp]\nregion = us-east-1\nendpoint_url = ${moto.endpoint}\n`,
          );
          assert.equal(
            await boto3(callerPy, { HOME: home, AWS_PROFILE: "tmp" }),
            `${ROLE}s3.read-write.${BUCKET}`,
          );

          // The second time is refused before any AWS call, then --force replaces the section.
          const endpoint = startFakeEndpoint();
          try {
            const again = await runCli(
              [
                "create",
                BUCKET,
                "--write-profile",
                "tmp",
                "--endpoint-url",
                endpoint.url,
                ...KEYS_FLAGS,
              ],
              inHome(home),
            );
            assertUsageError(
              again,
              `error: profile 'tmp' already exists in ${home}/.aws/credentials (use --force to replace it)`,
              endpoint.requests,
              1,
            );
          } finally {
            await endpoint.close();
          }
          assert.equal(await Deno.readTextFile(`${home}/.aws/credentials`), written);
          const forced = await runCli([...args, "--force"], inHome(home));
          assert.equal(forced.code, 0, forced.stderr);
          const replaced = await Deno.readTextFile(`${home}/.aws/credentials`);
          assert.ok(replaced.startsWith(credentials + "\n[tmp]\naws_access_key_id = "), replaced);
          assert.notEqual(replaced, written);
          assert.equal(replaced.split("[tmp]").length, 2, "one [tmp] section");
        });
      },
    );

    await t.step(
      "a profile that cannot be written: the new user and key are taken back",
      async () => {
        await withHome(async (home) => {
          const before = await users();
          const result = await runCli(
            [
              "create",
              BUCKET,
              "--write-profile",
              "nowrite",
              "--endpoint-url",
              moto.endpoint,
              ...KEYS_FLAGS,
            ],
            {
              ...inHome(home),
              // Everything but writing files.
              permissions: [
                "--allow-net",
                "--allow-env",
                "--allow-read",
                "--allow-sys",
                "--no-prompt",
              ],
            },
          );
          assert.equal(result.code, 1, result.stderr);
          assert.equal(result.stdout, "");
          const last = linesOf(result.stderr).at(-1)!;
          assert.match(
            last,
            /^error: the profile 'nowrite' could not be written \(.*\); deleted access key \S+ and user s3\.read-write\.delivered$/,
          );
          assert.equal(await users(), before);
          await assert.rejects(Deno.stat(`${home}/.aws/credentials`));
        });
      },
    );

    await t.step("bad profile names: usage error before any AWS call", async () => {
      const endpoint = startFakeEndpoint();
      try {
        for (const name of ["a b", "[x]", "a\nb", ""]) {
          const result = await runCli(
            [
              "create",
              BUCKET,
              "--write-profile",
              name,
              "--endpoint-url",
              endpoint.url,
              ...KEYS_FLAGS,
            ],
          );
          assertUsageError(result, "Invalid value for '--write-profile'", endpoint.requests);
        }
        const force = await runCli([
          "create",
          BUCKET,
          "--force",
          "--endpoint-url",
          endpoint.url,
          ...KEYS_FLAGS,
        ]);
        assertUsageError(force, "--force is only used with --write-profile", endpoint.requests);
      } finally {
        await endpoint.close();
      }
    });

    await t.step(
      "localserver's container endpoint, read by boto3 and the JavaScript SDK",
      async () => {
        const token = "tok-container-1";
        const server = await spawnCli(
          [
            "localserver",
            BUCKET,
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
            ...KEYS_FLAGS,
          ],
          { ready: "Press Ctrl+C to stop\n" },
        );
        try {
          const uri = /export AWS_CONTAINER_CREDENTIALS_FULL_URI=(\S+)\n/.exec(server.stderr())
            ?.[1];
          assert.match(uri ?? "", /^http:\/\/127\.0\.0\.1:\d+\/container$/, server.stderr());
          assert.ok(
            server.stderr().includes(`  export AWS_CONTAINER_AUTHORIZATION_TOKEN='${token}'\n`),
          );
          const env = {
            AWS_CONTAINER_CREDENTIALS_FULL_URI: uri!,
            AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
            AWS_ENDPOINT_URL: moto.endpoint,
            AWS_CONFIG_FILE: "/nonexistent/config",
            AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
          };
          assert.equal(await boto3(listBucketPy(BUCKET), env), "hello.txt");
          const code = 'import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";' +
            'const s3 = new S3Client({ region: "us-east-1", forcePathStyle: true });' +
            `const r = await s3.send(new ListObjectsV2Command({ Bucket: "${BUCKET}" }));` +
            "console.log(r.Contents.map((o) => o.Key).join(','));";
          const output = await new Deno.Command(Deno.execPath(), {
            args: ["eval", code],
            clearEnv: true,
            env: {
              PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
              HOME: "/nonexistent",
              DENO_DIR: await parentDenoDir(),
              AWS_EC2_METADATA_DISABLED: "true",
              ...env,
            },
            cwd: REPO_ROOT,
            stdin: "null",
          }).output();
          const decoder = new TextDecoder();
          assert.equal(output.code, 0, decoder.decode(output.stderr));
          assert.equal(decoder.decode(output.stdout).trim(), "hello.txt");
          const log = linesOf(server.stderr()).filter((line) => line.includes('"GET /container'));
          assert.ok(
            log.length >= 2 && log.every((line) => line.endsWith(" 200 -")),
            log.join("\n"),
          );
        } finally {
          await server.stop();
        }
      },
    );
  } finally {
    s3.destroy();
    iam.destroy();
    await moto.stop();
  }
});
