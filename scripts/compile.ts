// `deno task compile [TARGET...]`: standalone executables in dist/, one per target.
// deno compile downloads Deno's `denort` base binary for each target; where that
// download is impossible (as on our build machines) this fails with a clear message.
import { COMPILE_FLAGS } from "./permissions.ts";

const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
];

const root = new URL("../", import.meta.url).pathname;
// "native" builds dist/s3-credentials for this machine (used by the Dockerfile).
const targets = Deno.args.length > 0 ? Deno.args : TARGETS;
const unknown = targets.filter((t) => t !== "native" && !TARGETS.includes(t));
if (unknown.length > 0) {
  console.error(`error: unknown target ${unknown.join(", ")}; known: ${TARGETS.join(", ")}`);
  Deno.exit(2);
}
await Deno.mkdir(`${root}dist`, { recursive: true });
for (const target of targets) {
  const native = target === "native";
  const name = native ? "s3-credentials" : `s3-credentials-${target}`;
  const output = `${root}dist/${name}${target.includes("windows") ? ".exe" : ""}`;
  console.error(`Compiling ${output}`);
  const targetFlags = native ? [] : ["--target", target];
  const result = await new Deno.Command(Deno.execPath(), {
    args: [
      "compile",
      ...COMPILE_FLAGS,
      ...targetFlags,
      "--output",
      output,
      `${root}main.ts`,
    ],
    cwd: root,
    stdout: "inherit",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(result.stderr);
  if (!result.success) {
    Deno.stderr.writeSync(result.stderr);
    if (/denort|download|dl\.deno\.land|error sending request|dns error/i.test(stderr)) {
      console.error(
        `error: deno compile could not download the denort base binary for ${target}: ` +
          "this machine cannot reach Deno's download server. Build the executables where it can " +
          "(the release workflow, .github/workflows/release.yml, does this on every tag).",
      );
    } else {
      console.error(`error: deno compile failed for ${target}`);
    }
    Deno.exit(1);
  }
}
