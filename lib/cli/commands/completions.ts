import { buildCommand, type RouteMap } from "@stricli/core";
import {
  bashCompletion,
  type CommandSpec,
  fishCompletion,
  zshCompletion,
} from "../../output/completions.ts";
import type { CliContext } from "../context.ts";
import { optionName, takesValue } from "../flags/option.ts";

type Shell = "bash" | "zsh" | "fish";

/** Describes every command of `routes` for completion scripts. */
export function describeCommands(routes: RouteMap<CliContext>): CommandSpec[] {
  return routes.getAllEntries().map((entry) => {
    const target = entry.target;
    const parameters = "parameters" in target ? target.parameters : {};
    const flags = Object.entries(parameters.flags ?? {}).filter(([, flag]) => !flag.hidden);
    const aliases = Object.entries(parameters.aliases ?? {});
    return {
      name: entry.name.original,
      brief: target.brief,
      options: [
        ...flags.map(([name, flag]) => ({
          name: optionName(name),
          brief: flag.brief,
          takesValue: takesValue(flag),
        })),
        ...aliases.map(([letter, name]) => ({
          name: `-${letter}`,
          brief: parameters.flags?.[name]?.brief ?? "",
          takesValue: takesValue(parameters.flags?.[name]),
        })),
      ],
    };
  });
}

const RENDERERS: Record<Shell, (commands: CommandSpec[]) => string> = {
  bash: bashCompletion,
  zsh: zshCompletion,
  fish: fishCompletion,
};

export default buildCommand({
  async func(this: CliContext, _flags: Record<never, never>, shell: Shell) {
    this.process.stdout.write(RENDERERS[shell](describeCommands(await this.routes())));
  },
  parameters: {
    positional: {
      kind: "tuple",
      parameters: [
        {
          brief: "Shell: bash, zsh or fish",
          placeholder: "SHELL",
          parse(value: string): Shell {
            if (value === "bash" || value === "zsh" || value === "fish") return value;
            throw new Error(`'${value}' is not one of 'bash', 'zsh', 'fish'`);
          },
        },
      ],
    },
  },
  docs: {
    brief: "Print a shell completion script (bash, zsh or fish)",
    fullDescription: [
      "Prints a completion script for the shell. To load it:",
      "",
      "    source <(s3-credentials completions bash)     # bash, e.g. in ~/.bashrc",
      "    source <(s3-credentials completions zsh)      # zsh, e.g. in ~/.zshrc",
      "    s3-credentials completions fish | source      # fish",
    ].join("\n"),
  },
});
