// Shell completion: the generated scripts really complete in bash (and parse in zsh/fish when present).
import assert from "node:assert/strict";
import { runCli } from "../support/cli.ts";

async function bashComplete(script: string, words: string[]): Promise<string[]> {
  const program = `${script}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")})
COMP_CWORD=${words.length - 1}
_s3_credentials
printf '%s\\n' "\${COMPREPLY[@]}"
`;
  const output = await new Deno.Command("bash", {
    args: ["--norc", "--noprofile", "-c", program],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(new TextDecoder().decode(output.stderr), "");
  return new TextDecoder().decode(output.stdout).split("\n").filter(Boolean);
}

Deno.test("completions bash completes commands and each command's options", async () => {
  const result = await runCli(["completions", "bash"]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /complete -F _s3_credentials s3-credentials\n$/);
  assert.deepEqual(await bashComplete(result.stdout, ["s3-credentials", "cre"]), ["create"]);
  assert.deepEqual(await bashComplete(result.stdout, ["s3-credentials", "po"]), ["policy"]);
  assert.deepEqual(await bashComplete(result.stdout, ["s3-credentials", "create", "--read"]), [
    "--read-only",
  ]);
  assert.deepEqual(
    await bashComplete(result.stdout, ["s3-credentials", "create", "bkt", "--user-p"]),
    ["--user-permissions-boundary"],
  );
  // policy has no AWS options.
  assert.deepEqual(await bashComplete(result.stdout, ["s3-credentials", "policy", "--end"]), []);
});

Deno.test("completions zsh and fish print scripts naming every command", async () => {
  const [zsh, fish] = await Promise.all([
    runCli(["completions", "zsh"]),
    runCli(["completions", "fish"]),
  ]);
  assert.equal(zsh.code, 0, zsh.stderr);
  assert.match(
    zsh.stdout,
    /^# zsh completion[^\n]*\nautoload -U \+X bashcompinit && bashcompinit\n/,
  );
  assert.match(zsh.stdout, /complete -F _s3_credentials s3-credentials/);
  assert.equal(fish.code, 0, fish.stderr);
  assert.match(
    fish.stdout,
    /complete -c s3-credentials -n __fish_use_subcommand -a create -d 'Create and return/,
  );
  assert.match(
    fish.stdout,
    /complete -c s3-credentials -n '__fish_seen_subcommand_from create' -l duration -r -d /,
  );
});

Deno.test("completions with an unknown shell is a usage error", async () => {
  const result = await runCli(["completions", "powershell"]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "");
  assert.equal(
    result.stderr,
    "error: Invalid value for 'SHELL': 'powershell' is not one of 'bash', 'zsh', 'fish'\n",
  );
});
