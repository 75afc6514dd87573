import { fishQuote } from "./credentials.ts";

/** What shell completion needs to know about one command. */
export interface CommandSpec {
  name: string;
  brief: string;
  /** Long option names with their dashes (`--read-only`), and short aliases (`-d`). */
  options: { name: string; brief: string; takesValue: boolean }[];
}

const PROGRAM = "s3-credentials";

/** A bash completion script: commands first, then each command's options. */
export function bashCompletion(commands: readonly CommandSpec[]): string {
  const cases = commands.map((command) =>
    `    ${command.name}) opts="${[...command.options.map((o) => o.name), "--help"].join(" ")}" ;;`
  );
  return `# bash completion for ${PROGRAM}; load with: source <(${PROGRAM} completions bash)
_s3_credentials() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  if [ "\${COMP_CWORD}" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(" ")} --help --version" -- "$cur"))
    return
  fi
  local opts=""
  case "\${COMP_WORDS[1]}" in
${cases.join("\n")}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _s3_credentials ${PROGRAM}
`;
}

/** A zsh completion script, reusing the bash one through bashcompinit. */
export function zshCompletion(commands: readonly CommandSpec[]): string {
  return `# zsh completion for ${PROGRAM}; load with: source <(${PROGRAM} completions zsh)
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(commands).split("\n").slice(1).join("\n")}`;
}

/** A fish completion script with a description for every command and option. */
export function fishCompletion(commands: readonly CommandSpec[]): string {
  const lines = [
    `# fish completion for ${PROGRAM}; load with: ${PROGRAM} completions fish | source`,
    `complete -c ${PROGRAM} -f`,
  ];
  for (const command of commands) {
    lines.push(
      `complete -c ${PROGRAM} -n __fish_use_subcommand -a ${command.name} -d ${
        fishQuote(command.brief)
      }`,
    );
    for (const option of command.options) {
      const flag = option.name.startsWith("--")
        ? `-l ${option.name.slice(2)}`
        : `-s ${option.name.slice(1)}`;
      const value = option.takesValue ? " -r" : "";
      lines.push(
        `complete -c ${PROGRAM} -n '__fish_seen_subcommand_from ${command.name}' ${flag}${value} -d ${
          fishQuote(option.brief)
        }`,
      );
    }
  }
  return lines.join("\n") + "\n";
}
