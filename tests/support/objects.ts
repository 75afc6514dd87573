// Helpers of the object-command tests: an SDK client for seeding and checking,
// random bytes, and the CLI run with a byte stream (not text) on its stdin.
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { type CliResult, MAIN_PATH, parentDenoDir, REPO_ROOT } from "./cli.ts";
import { fakeCredentials } from "./moto.ts";

/** An S3 client for `endpoint` set up as the CLI's is (path-style, checksums only when required). */
export function s3At(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string } = fakeCredentials,
): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** The stored bytes of an object. */
export async function objectBytes(s3: S3Client, bucket: string, key: string): Promise<Uint8Array> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return await Body!.transformToByteArray();
}

/** `size` pseudo-random bytes (every byte value occurs), the same for the same seed. */
export function randomBytes(size: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** SHA-256 of `bytes`, hex, to compare large bodies with readable failures. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Runs the CLI as runCli does (clean environment, `--cached-only`), with the
 * file at `stdinPath` (if any) streamed into its standard input; stdout is
 * returned as bytes too.
 */
export async function runCliBinary(
  args: string[],
  env: Record<string, string>,
  stdinPath?: string,
): Promise<CliResult & { bytes: Uint8Array }> {
  const home = await Deno.makeTempDir({ prefix: "s3c-home-" });
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--cached-only", MAIN_PATH, ...args],
      clearEnv: true,
      env: {
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        HOME: home,
        NO_COLOR: "1",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: `${home}/missing-config`,
        AWS_SHARED_CREDENTIALS_FILE: `${home}/missing-credentials`,
        DENO_DIR: await parentDenoDir(),
        ...env,
      },
      cwd: REPO_ROOT,
      stdin: stdinPath ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const fed = stdinPath
      ? (await Deno.open(stdinPath)).readable.pipeTo(child.stdin).catch(() => {})
      : undefined;
    const [output] = await Promise.all([child.output(), fed]);
    return {
      code: output.code,
      bytes: output.stdout,
      stdout: new TextDecoder().decode(output.stdout),
      stderr: new TextDecoder().decode(output.stderr),
    };
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

/** Every file below `dir` (relative paths, sorted), to see what a run left behind. */
export async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string) => {
    for await (const entry of Deno.readDir(relative ? `${dir}/${relative}` : dir)) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory) {
        found.push(path + "/");
        await walk(path);
      } else found.push(path);
    }
  };
  await walk("");
  return found.sort();
}
