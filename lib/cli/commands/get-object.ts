import { buildCommand } from "@stricli/core";
import { StdoutClosedError } from "../../errors.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import type { CliContext } from "../context.ts";
import { bucketParameter } from "../flags/bucket.ts";
import { parseOutputFile } from "../flags/transfer.ts";

interface GetObjectFlags extends AwsFlags {
  readonly output?: string;
}

async function writeToStdout(chunks: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const chunk of chunks) {
    for (let written = 0; written < chunk.length;) {
      try {
        written += await Deno.stdout.write(chunk.subarray(written));
      } catch (error) {
        throw error instanceof Deno.errors.BrokenPipe ? new StdoutClosedError() : error;
      }
    }
  }
}

export default buildCommand({
  async func(this: CliContext, flags: GetObjectFlags, bucket: string, key: string) {
    const { openObject } = await import("../../transfer/open-object.ts");
    const { chunksOfBody, saveObject } = await import("../../local/object-body.ts");
    const { interruptible } = await import("../interrupt.ts");
    const { s3 } = await this.aws(flags, ["s3"], {
      s3Transport: "fetch",
      transfers: true,
    });
    const output = flags.output;
    await interruptible(async (signal) => {
      // A missing key fails here, before an output file exists.
      const body = await openObject(s3, bucket, key, { signal });
      if (output === undefined || output === "-") await writeToStdout(chunksOfBody(body, key));
      // As the reference opened the file: a link at the path is written through.
      else await saveObject(output, body, key, { signal, followSymlink: true });
    });
  },
  parameters: {
    flags: {
      output: {
        kind: "parsed",
        parse: parseOutputFile,
        optional: true,
        placeholder: "FILE",
        brief: "Write to this file (- for standard output, the default)",
      },
      ...awsFlagParameters,
    },
    aliases: { o: "output", ...awsAliases },
    positional: {
      kind: "tuple",
      parameters: [
        bucketParameter,
        { brief: "Object key", placeholder: "KEY", parse: (value: string) => value },
      ],
    },
  },
  docs: {
    brief: "Download one object to standard output or a file",
    fullDescription: [
      "Writes the object's bytes to standard output, or with -o to a file (written under a",
      "temporary name and renamed when complete). One streamed GET, however large the object.",
      "",
      "    s3-credentials get-object my-bucket hello.txt -o hello.txt",
    ].join("\n"),
  },
});
