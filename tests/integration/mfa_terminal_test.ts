// An MFA profile run on a real terminal (tmux): the CLI asks for the code on stderr, reads what
// is typed, and the AssumeRole it sends carries it; the next run uses the kept session, unasked.
import assert from "node:assert/strict";
import { MAIN_PATH, parentDenoDir, REPO_ROOT } from "../support/cli.ts";
import { startFaultProxy } from "../support/fault_proxy.ts";
import { startMoto } from "../support/moto.ts";
import { ROLE_PROFILES } from "../support/role_profiles.ts";

const TMUX_MISSING = "tmux is not installed: apt-get install -y tmux";
// As the terminal shows it (capture-pane drops the space after the colon).
const PROMPT = "Enter MFA code for arn:aws:iam::123456789012:mfa/me:";

async function tmux(socket: string, ...args: string[]): Promise<string> {
  let output: Deno.CommandOutput;
  try {
    // -f /dev/null: the user's tmux settings do not apply.
    output = await new Deno.Command("tmux", {
      args: ["-L", socket, "-f", "/dev/null", ...args],
      stdin: "null",
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new Error(TMUX_MISSING);
    throw error;
  }
  const text = new TextDecoder().decode(output.stdout);
  if (!output.success) {
    throw new Error(`tmux ${args[0]} failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return text;
}

/** Polls `check` until it returns a value, or fails after `what` did not happen in 30 s. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const readIfThere = (path: string) => Deno.readTextFile(path).catch(() => undefined);

Deno.test("an MFA profile asks for the code on the terminal", async () => {
  const moto = await startMoto();
  const proxy = startFaultProxy(moto.endpoint);
  const home = await Deno.makeTempDir({ prefix: "s3c-mfa-tty-" });
  const socket = `s3c-mfa-${Deno.pid}`;
  try {
    await Deno.writeTextFile(`${home}/config`, ROLE_PROFILES);
    const env = {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: home,
      NO_COLOR: "1",
      AWS_CONFIG_FILE: `${home}/config`,
      AWS_SHARED_CREDENTIALS_FILE: `${home}/credentials`,
      AWS_EC2_METADATA_DISABLED: "true",
      DENO_DIR: await parentDenoDir(),
    };
    const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
    /** The script of a run whose output and exit code go to `home`/stdout`n` and code`n`. */
    const script = (n: number) =>
      [
        "cd",
        quote(REPO_ROOT),
        "&&",
        "env -i",
        ...Object.entries(env).map(([name, value]) => quote(`${name}=${value}`)),
        quote(Deno.execPath()),
        "run -A --cached-only",
        quote(MAIN_PATH),
        "whoami --profile withmfa --endpoint-url",
        proxy.url,
        `> ${quote(`${home}/stdout${n}`)}; echo $? > ${quote(`${home}/code${n}`)}`,
      ].join(" ");
    await Deno.writeTextFile(`${home}/run.sh`, script(1));
    await Deno.writeTextFile(`${home}/run2.sh`, script(2));
    // The pane stays after the run, so that a failure shows what was on the terminal.
    await tmux(
      socket,
      "start-server",
      ";",
      "set-option",
      "-g",
      "remain-on-exit",
      "on",
      ";",
      "new-session",
      "-d",
      "-s",
      "mfa",
      "-x",
      "200",
      "-y",
      "20",
      `bash ${home}/run.sh`,
    );
    const screen = () => tmux(socket, "capture-pane", "-p", "-t", "mfa");
    let seen = "";
    await eventually("the MFA prompt", async () => {
      seen = await screen().catch(async () => `(no pane) ${await readIfThere(`${home}/code1`)}`);
      if (seen.includes(PROMPT)) return true;
      // The run ended without asking: no point waiting.
      if (await readIfThere(`${home}/code1`)) throw new Error("the run ended without a prompt");
    }).catch((error) => {
      throw new Error(`${error.message}; the terminal showed:\n${seen}`);
    });
    await tmux(socket, "send-keys", "-t", "mfa", "654321", "Enter");
    const code = await eventually("the end of the run", () => readIfThere(`${home}/code1`));
    const stdout = await Deno.readTextFile(`${home}/stdout1`);
    assert.equal(code.trim(), "0", stdout);
    assert.match(JSON.parse(stdout).Arn, /^arn:aws:sts::123456789012:assumed-role\/admin\//);
    const assumed = proxy.log.filter(({ request }) => request.action === "AssumeRole");
    assert.equal(assumed.length, 1);
    const form = new URLSearchParams(new TextDecoder().decode(assumed[0].request.body));
    assert.equal(form.get("TokenCode"), "654321");
    assert.equal(form.get("SerialNumber"), "arn:aws:iam::123456789012:mfa/me");

    // The second run on the same terminal finds the session kept: no prompt, no AssumeRole.
    await tmux(
      socket,
      "new-session",
      "-d",
      "-s",
      "again",
      "-x",
      "200",
      "-y",
      "20",
      `bash ${home}/run2.sh`,
    );
    const again = await eventually("the end of the second run", () => readIfThere(`${home}/code2`));
    const second = await Deno.readTextFile(`${home}/stdout2`);
    assert.equal(again.trim(), "0", second);
    assert.match(JSON.parse(second).Arn, /^arn:aws:sts::123456789012:assumed-role\/admin\//);
    assert.doesNotMatch(await tmux(socket, "capture-pane", "-p", "-t", "again"), /Enter MFA code/);
    assert.equal(proxy.log.filter(({ request }) => request.action === "AssumeRole").length, 1);
  } finally {
    await tmux(socket, "kill-server").catch(() => {});
    await proxy.close();
    await moto.stop();
    await Deno.remove(home, { recursive: true });
  }
});
