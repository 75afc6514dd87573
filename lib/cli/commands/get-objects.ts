import { buildCommand } from "@stricli/core";
import { CliError } from "../../errors.ts";
import type { DownloadOutcome } from "../../transfer/get-objects.ts";
import type { Progress } from "../../output/progress.ts";
import { countOf, formatSize } from "../../output/size.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";
import type { CliContext } from "../context.ts";
import { checkBucketAndKeys } from "../flags/bucket.ts";
import {
  concurrencyFlagParameter,
  DOWNLOAD_CONCURRENCY,
  parseOutputDirectory,
  silentFlagParameter,
  stderrProgress,
} from "../flags/transfer.ts";

interface GetObjectsFlags extends AwsFlags {
  readonly output: string;
  readonly pattern?: string[];
  readonly silent: boolean;
  readonly concurrency: number;
}

export default buildCommand({
  async func(this: CliContext, flags: GetObjectsFlags, ...args: string[]) {
    const [bucket, keys] = checkBucketAndKeys(args);
    const { downloadObjects } = await import("../../transfer/get-objects.ts");
    const { interruptible } = await import("../interrupt.ts");
    const { s3 } = await this.aws(flags, ["s3"], {
      s3Transport: "fetch",
      transfers: true,
    });
    const write = (text: string) => this.process.stderr.write(text);
    let bar: Progress | undefined;
    let outcome: DownloadOutcome;
    try {
      outcome = await interruptible((signal) =>
        downloadObjects(s3, {
          bucket,
          outputDir: flags.output,
          keys,
          patterns: flags.pattern ?? [],
          concurrency: flags.concurrency,
          measure: !flags.silent,
          signal,
          ...(this.programModule ? { helperModule: this.programModule } : {}),
        }, {
          start(total, count) {
            const label = `Downloading ${formatSize(total)} (${countOf(count, "file")})`;
            bar = stderrProgress(write, { silent: flags.silent, label, total });
          },
          advance: (count) => bar?.advance(count),
        })
      );
    } finally {
      bar?.finish();
    }
    // Keys not written are reported together, after everything else downloaded.
    const { selected, written, problems } = outcome;
    if (problems.length > 0) {
      const summary = `${problems.length} of ${countOf(selected, "key")} not downloaded ` +
        `(${written} downloaded):`;
      throw new CliError([summary, ...problems].join("\n"));
    }
  },
  parameters: {
    flags: {
      output: {
        kind: "parsed",
        parse: parseOutputDirectory,
        default: ".",
        placeholder: "DIRECTORY",
        brief: "Directory to write to, created if missing (default: the current directory)",
      },
      pattern: {
        kind: "parsed",
        parse: (value: string) => value,
        optional: true,
        variadic: true,
        placeholder: "PATTERN",
        brief: "Only keys matching this glob (* also matches /; repeatable)",
      },
      silent: silentFlagParameter,
      concurrency: concurrencyFlagParameter(DOWNLOAD_CONCURRENCY),
      ...awsFlagParameters,
    },
    aliases: { o: "output", p: "pattern", s: "silent", ...awsAliases },
    positional: {
      kind: "array",
      parameter: {
        brief: "Bucket, then keys to download",
        placeholder: "BUCKET KEYS",
        parse: (value: string) => value,
      },
    },
  },
  docs: {
    brief: "Download many objects into a directory",
    customUsage: ["[OPTIONS] BUCKET [KEYS]..."],
    fullDescription: [
      "Downloads every object of the bucket, the named keys, or the keys matching -p patterns,",
      `--concurrency at a time (default ${DOWNLOAD_CONCURRENCY}; from 10,000 small objects, on two`,
      "threads), each to its key's path below the output directory (the current directory unless",
      "-o is given). Keys that would land outside it are refused; keys that share a local path are",
      "written once; keys that fail (missing, forbidden, a local error) do not stop the others and",
      "are named together at the end (exit code 1).",
      "",
      "    s3-credentials get-objects my-bucket -p '*.txt' -p 'reports/*' -o downloads",
      "",
      "That writes the key reports/a.csv to downloads/reports/a.csv; a folder/ marker makes a",
      "directory. In patterns * matches any characters including /, ? one character.",
    ].join("\n"),
  },
});
