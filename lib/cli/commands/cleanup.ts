import { buildCommand } from "@stricli/core";
import { CliError, UsageError } from "../../errors.ts";
import type { CliContext } from "../context.ts";
import { awsAliases, awsFlagParameters, type AwsFlags } from "../flags/aws.ts";

interface CleanupFlags extends AwsFlags {
  readonly expired: boolean;
  readonly unusedDays?: number;
  readonly dryRun: boolean;
  readonly yes: boolean;
}

const users = (n: number) => n === 1 ? "1 user" : `${n} users`;

function parseDays(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new Error("must be a whole number of days, 1 or more");
  }
  return Number(text);
}

/** One answer line from the terminal: true for y or yes. */
async function confirmed(question: string): Promise<boolean> {
  Deno.stderr.writeSync(new TextEncoder().encode(question));
  const buffer = new Uint8Array(256);
  const read = await Deno.stdin.read(buffer);
  const answer = read === null ? "" : new TextDecoder().decode(buffer.subarray(0, read));
  return /^\s*y(es)?\s*$/i.test(answer);
}

export default buildCommand({
  async func(this: CliContext, flags: CleanupFlags) {
    if (!flags.expired && flags.unusedDays === undefined) {
      throw new UsageError("cleanup needs --expired, --unused-days N or both");
    }
    // Refused before any AWS call: a script must say --yes to delete users.
    if (!flags.dryRun && !flags.yes && !Deno.stdin.isTerminal()) {
      throw new UsageError(
        "cleanup deletes users: pass --yes to confirm when standard input is not a terminal " +
          "(or --dry-run to see which)",
      );
    }
    const { iam } = await this.aws(flags, ["iam"]);
    const { cleanupCandidates, deleteUsers } = await import("../../actions/cleanup.ts");
    const stdout = this.process.stdout;
    const stderr = this.process.stderr;
    const criteria = { expired: flags.expired, unusedDays: flags.unusedDays };
    const candidates = [];
    const warn = (line: string) => stderr.write(line + "\n");
    for await (const candidate of cleanupCandidates(iam, criteria, new Date(), warn)) {
      stdout.write(`${candidate.username}: ${candidate.reason}\n`);
      candidates.push(candidate);
    }
    if (candidates.length === 0) {
      stderr.write("No users to clean up\n");
      return;
    }
    const count = users(candidates.length);
    if (flags.dryRun) {
      stderr.write(`Would delete ${count}\n`);
      return;
    }
    if (!flags.yes && !await confirmed(`Delete ${count}? [y/N] `)) {
      throw new CliError("nothing deleted");
    }
    const { deleted, failures } = await deleteUsers(
      iam,
      candidates.map((candidate) => candidate.username),
      (line) => stderr.write(line + "\n"),
    );
    if (failures.length > 0) {
      throw new CliError(
        `${failures.length} of ${count} could not be deleted (${deleted} deleted): ` +
          failures.join(", "),
      );
    }
    stderr.write(`Deleted ${users(deleted)}\n`);
  },
  parameters: {
    flags: {
      expired: {
        kind: "boolean",
        default: false,
        brief: "Delete users whose --expires time has passed",
      },
      unusedDays: {
        kind: "parsed",
        parse: parseDays,
        optional: true,
        placeholder: "N",
        brief:
          "Delete users whose keys were last used (or, never used, created) more than N days ago",
      },
      dryRun: { kind: "boolean", default: false, brief: "Only print which users would be deleted" },
      yes: { kind: "boolean", default: false, brief: "Delete without asking for confirmation" },
      ...awsFlagParameters,
    },
    aliases: { ...awsAliases },
  },
  docs: {
    brief: "Delete users made by this tool that are expired or unused",
    fullDescription: [
      "Finds the users this tool created (they carry its s3-credentials:* tags; other",
      "users are never touched) that are expired (--expired: their --expires time has",
      "passed) or unused (--unused-days N: every key last used, or never used and",
      "created, more than N days ago), prints one line per user with the reason, and",
      "deletes them as delete-user does. On a terminal it asks first; otherwise it",
      "needs --yes. Users that cannot be deleted are named at the end (exit code 1);",
      "the others are still deleted. See docs/expiry.md.",
      "",
      "    s3-credentials cleanup --expired --unused-days 90 --dry-run",
    ].join("\n"),
  },
});
