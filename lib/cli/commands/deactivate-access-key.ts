import { keyChangeCommand } from "../key-change-command.ts";

export default keyChangeCommand("deactivate", {
  brief: "Deactivate access keys: they stop working until activated again",
  fullDescription: [
    "Deactivates each access key; its user is looked up from the key, or given with",
    "--username. One line on stderr a key changed; keys that fail (an unknown key)",
    "are reported at the end, after the others were processed, and the exit code is 1.",
    "",
    "    s3-credentials deactivate-access-key AKIAIOSFODNN7EXAMPLE",
  ].join("\n"),
});
