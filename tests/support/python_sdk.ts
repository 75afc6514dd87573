// boto3 (installed beside the emulator) in a child process with a clean environment.
import assert from "node:assert/strict";

/**
 * Runs `python3 -c code` with only PATH and `env`; fails the test on a non-zero exit.
 * Returns the trimmed standard output.
 */
export async function boto3(code: string, env: Record<string, string>): Promise<string> {
  const output = await new Deno.Command("python3", {
    args: ["-c", code],
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      AWS_EC2_METADATA_DISABLED: "true",
      ...env,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  assert.equal(output.code, 0, decoder.decode(output.stderr));
  return decoder.decode(output.stdout).trim();
}

/** Python that prints the keys in `bucket`, comma-separated, with the default credential chain. */
export const listBucketPy = (bucket: string) =>
  "import boto3; r = boto3.client('s3', region_name='us-east-1')" +
  `.list_objects_v2(Bucket='${bucket}'); ` +
  "print(','.join(o['Key'] for o in r.get('Contents', [])))";
