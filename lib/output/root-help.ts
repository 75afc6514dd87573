// The root help: one usage line and the commands by group, one line each
// (a command's own --help has its full usage).

/** A command as the root help lists it. */
export interface CommandSummary {
  readonly name: string;
  readonly group: string;
  readonly brief: string;
}

/** Renders the root help of `program`, its commands in `groups` order. */
export function formatRootHelp(
  program: string,
  description: string,
  groups: readonly string[],
  commands: readonly CommandSummary[],
): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = [`Usage: ${program} COMMAND [OPTIONS] [ARGUMENTS]...`, "", description];
  for (const group of groups) {
    lines.push("", `${group}:`);
    for (const command of commands.filter((c) => c.group === group)) {
      lines.push(`  ${command.name.padEnd(width)}  ${command.brief}`);
    }
  }
  lines.push(
    "",
    "Options:",
    "  --help     Show this help, or a command's own after its name",
    "  --version  Show the version",
    "",
    `Run '${program} COMMAND --help' for the options of a command.`,
  );
  return lines.join("\n") + "\n";
}
