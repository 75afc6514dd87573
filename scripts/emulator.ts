// Runs the moto AWS emulator in the foreground for manual testing:
//   deno run -A scripts/emulator.ts [PORT]
import { fakeCredentials, spawnMoto } from "../tests/support/moto.ts";

const DEFAULT_PORT = 9000;

const arg = Deno.args[0];
const port = arg === undefined ? DEFAULT_PORT : Number(arg);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`usage: deno run -A scripts/emulator.ts [PORT]   (default ${DEFAULT_PORT})`);
  Deno.exit(2);
}

let moto;
try {
  moto = await spawnMoto(port, { echo: true });
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  Deno.exit(1);
}

console.error(`
moto is running at ${moto.endpoint} (IAM, STS and S3). Use it with:

  export AWS_ACCESS_KEY_ID=${fakeCredentials.accessKeyId}
  export AWS_SECRET_ACCESS_KEY=${fakeCredentials.secretAccessKey}
  export AWS_REGION=us-east-1
  export AWS_EC2_METADATA_DISABLED=true
  export AWS_ENDPOINT_URL=${moto.endpoint}

or pass --endpoint-url ${moto.endpoint}
Reset all state: curl -X POST ${moto.endpoint}/moto-api/reset
Press Ctrl+C to stop.
`);

const stop = () => void moto.kill();
const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
for (const signal of signals) Deno.addSignalListener(signal, stop);

const status = await moto.exited;
for (const signal of signals) Deno.removeSignalListener(signal, stop);
console.error(`moto stopped (${status.signal ?? `exit code ${status.code}`})`);
Deno.exit(status.success || status.signal ? 0 : status.code || 1);
