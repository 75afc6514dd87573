import { buildCommand } from "@stricli/core";
import { CliError, UsageError } from "../../errors.ts";
import { collectUploadFiles, uploadPathProblem } from "../../local/files.ts";
import { lastForEachKey, parseKeyPrefix } from "../../objects/upload-keys.ts";
import { countOf, formatSize } from "../../output/size.ts";
import { awsAliases, awsFlagParameters, type AwsFlags, resolveAwsOptions } from "../flags/aws.ts";
import type { CliContext } from "../context.ts";
import { checkBucketAndKeys } from "../flags/bucket.ts";
import {
  concurrencyFlagParameter,
  silentFlagParameter,
  stderrProgress,
  UPLOAD_CONCURRENCY,
} from "../flags/transfer.ts";

interface PutObjectsFlags extends AwsFlags {
  readonly prefix?: string;
  readonly silent: boolean;
  readonly dryRun: boolean;
  readonly concurrency: number;
}

/** Checks BUCKET OBJECTS... before anything else happens; returns them split. */
export function checkPutObjectsArguments(args: readonly string[]): [string, string[]] {
  const [bucket, paths] = checkBucketAndKeys(args);
  if (paths.length === 0) throw new UsageError("Missing argument 'OBJECTS...'.");
  for (const path of paths) {
    const pathProblem = uploadPathProblem(path);
    if (pathProblem) throw new UsageError(`Invalid value for 'OBJECTS': ${pathProblem}`);
  }
  return [bucket, paths];
}

export default buildCommand({
  async func(this: CliContext, flags: PutObjectsFlags, ...args: string[]) {
    const [bucket, paths] = checkPutObjectsArguments(args);
    const prefix = flags.prefix ?? "";
    const scan = await collectUploadFiles(paths);
    for (const { displayPath, reason } of scan.skipped) {
      this.process.stderr.write(`skipped ${displayPath}: ${reason}\n`);
    }
    if (flags.dryRun) {
      for (const file of scan.files) {
        this.process.stdout.write(`${file.displayPath} => s3://${bucket}/${prefix}${file.key}\n`);
      }
    }
    if (scan.unreadable.length > 0) {
      throw new CliError(
        `${countOf(scan.unreadable.length, "path")} cannot be read; nothing was uploaded:\n` +
          scan.unreadable.map(({ displayPath, reason }) => `  ${displayPath}: ${reason}`)
            .join("\n"),
      );
    }
    if (flags.dryRun) return;
    resolveAwsOptions(flags); // Checked before anything is read or shown.
    const { uploadFailureReason, uploadFiles } = await import("../../transfer/put-objects.ts");
    const { interruptible } = await import("../interrupt.ts");
    const files = lastForEachKey(scan.files);
    const total = files.reduce((sum, file) => sum + file.size, 0);
    const progress = stderrProgress((text) => this.process.stderr.write(text), {
      silent: flags.silent,
      label: `Uploading ${formatSize(total)} (${countOf(files.length, "file")})`,
      total,
    });
    let outcome;
    try {
      outcome = await interruptible(async (signal) => {
        const settings = { transfers: true, stopping: signal };
        const { s3 } = await this.aws(flags, ["s3"], settings);
        return await uploadFiles(s3, bucket, files, {
          prefix,
          concurrency: flags.concurrency,
          onBytes: (count) => progress.advance(count),
          signal,
        });
      });
    } finally {
      progress.finish();
    }
    const { uploaded, failed } = outcome;
    if (failed.length > 0) {
      // Every failure is listed, after all the other files have been uploaded.
      throw new CliError(
        `${failed.length} of ${countOf(files.length, "file")} failed to upload ` +
          `(${uploaded} uploaded):\n` +
          failed.map(({ file, error }) => `  ${file.displayPath}: ${uploadFailureReason(error)}`)
            .join("\n"),
      );
    }
  },
  parameters: {
    flags: {
      prefix: {
        kind: "parsed",
        parse: parseKeyPrefix,
        optional: true,
        brief: "Prefix to add to the keys (a / is added after it)",
      },
      silent: silentFlagParameter,
      dryRun: {
        kind: "boolean",
        default: false,
        brief: "Show the files and the keys they would get, upload nothing",
      },
      concurrency: concurrencyFlagParameter(UPLOAD_CONCURRENCY),
      ...awsFlagParameters,
    },
    aliases: { s: "silent", ...awsAliases },
    positional: {
      kind: "array",
      parameter: {
        brief: "Bucket, then files and directories",
        placeholder: "BUCKET OBJECTS",
        parse: (value: string) => value,
      },
    },
  },
  docs: {
    brief: "Upload files and directories",
    customUsage: ["[OPTIONS] BUCKET OBJECTS..."],
    fullDescription: [
      "Uploads files and directories (recursively). A file keeps its name as its key; the",
      "files of a directory keep their path below it, under the directory's own name:",
      "",
      "    s3-credentials put-objects my-bucket one.txt two.txt photos/",
      "",
      "gives the keys one.txt, two.txt, photos/a.jpg, photos/2024/b.jpg, ... Files go",
      `--concurrency at a time (default ${UPLOAD_CONCURRENCY}), each with the Content-Type of its extension.`,
    ].join("\n"),
  },
});
