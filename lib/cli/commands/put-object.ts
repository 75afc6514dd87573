import { buildCommand } from "@stricli/core";
import { uploadFileProblem } from "../../local/files.ts";
import { claimStandardInput } from "../flags/input.ts";
import { awsAliases, awsFlagParameters, type AwsFlags, resolveAwsOptions } from "../flags/aws.ts";
import type { CliContext } from "../context.ts";
import { bucketParameter } from "../flags/bucket.ts";
import { silentFlagParameter, stderrProgress } from "../flags/transfer.ts";

interface PutObjectFlags extends AwsFlags {
  readonly contentType?: string;
  readonly silent: boolean;
}

function parseKey(key: string): string {
  if (key === "") throw new Error("the key must not be empty");
  return key;
}

function parsePath(path: string): string {
  if (path === "-") {
    claimStandardInput("PATH");
    return path;
  }
  const problem = uploadFileProblem(path);
  if (problem) throw new Error(problem);
  return path;
}

export default buildCommand({
  async func(
    this: CliContext,
    flags: PutObjectFlags,
    bucket: string,
    key: string,
    path: string,
  ) {
    resolveAwsOptions(flags); // Checked before anything is read or shown.
    const { uploadObject } = await import("../../transfer/upload-object.ts");
    const { uploadFile } = await import("../../transfer/upload-file.ts");
    const { contentTypeFor } = await import("../../objects/content-type.ts");
    const { interruptible } = await import("../interrupt.ts");
    const fromStdin = path === "-";
    const contentType = flags.contentType || (fromStdin ? undefined : contentTypeFor(path));
    const size = fromStdin ? undefined : (await Deno.stat(path)).size;
    const progress = stderrProgress((text) => this.process.stderr.write(text), {
      silent: flags.silent,
      label: "Uploading",
      total: size,
    });
    try {
      await interruptible(async (signal) => {
        const settings = { transfers: true, stopping: signal };
        const { s3 } = await this.aws(flags, ["s3"], settings);
        const options = { onBytes: (count: number) => progress.advance(count), signal };
        if (size === undefined) {
          // Standard input goes out part by part as it is read, never held whole.
          const body = Deno.stdin.readable;
          await uploadObject(s3, { bucket, key, body, contentType }, options);
        } else {
          await uploadFile(s3, { bucket, key, path, contentType }, options);
        }
      });
    } finally {
      progress.finish();
    }
  },
  parameters: {
    flags: {
      contentType: {
        kind: "parsed",
        parse: (value: string) => value,
        optional: true,
        brief: "Content-Type to use (default: guessed from the file's extension)",
      },
      silent: silentFlagParameter,
      ...awsFlagParameters,
    },
    aliases: { s: "silent", ...awsAliases },
    positional: {
      kind: "tuple",
      parameters: [
        bucketParameter,
        { brief: "Object key", placeholder: "KEY", parse: parseKey },
        { brief: "File to upload, - for standard input", placeholder: "PATH", parse: parsePath },
      ],
    },
  },
  docs: {
    brief: "Upload a file or standard input as one object",
    fullDescription: [
      "Uploads a file, or standard input with -, to the key. Large bodies go in 8 MiB parts,",
      "four at a time; standard input is streamed, never read wholly into memory.",
      "",
      "    s3-credentials put-object my-bucket my-key.txt /path/to/file.txt",
      "    cat data.csv | s3-credentials put-object my-bucket data.csv - --content-type text/csv",
    ].join("\n"),
  },
});
