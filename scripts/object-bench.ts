// What the object benchmarks share: an emulator, a scratch directory, an S3
// client that talks to the emulator directly, and the environment for our CLI.
import { S3Client } from "@aws-sdk/client-s3";
import { fakeCredentials, type Moto, startMoto } from "../tests/support/moto.ts";

export interface ObjectBench {
  readonly moto: Moto;
  /** A scratch directory, removed by close(). */
  readonly tmp: string;
  readonly s3: S3Client;
  /** Fake keys and a region for the CLI under test. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the emulator and the rest; `name` goes into the scratch directory's name. */
export async function startObjectBench(name: string): Promise<ObjectBench> {
  const moto = await startMoto();
  const tmp = await Deno.makeTempDir({ prefix: `s3c-bench-${name}-` });
  const s3 = new S3Client({
    endpoint: moto.endpoint,
    region: "us-east-1",
    credentials: fakeCredentials,
    forcePathStyle: true,
  });
  return {
    moto,
    tmp,
    s3,
    env: {
      AWS_ACCESS_KEY_ID: fakeCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: fakeCredentials.secretAccessKey,
      AWS_REGION: "us-east-1",
    },
    async close() {
      s3.destroy();
      await moto.stop();
      await Deno.remove(tmp, { recursive: true });
    },
  };
}
