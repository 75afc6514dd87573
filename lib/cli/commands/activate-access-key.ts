import { keyChangeCommand } from "../key-change-command.ts";

export default keyChangeCommand("activate", {
  brief: "Activate access keys that were deactivated",
  fullDescription: [
    "Activates each access key again; its user is looked up from the key, or given",
    "with --username. One line on stderr a key changed; keys that fail are reported",
    "at the end, after the others were processed, and the exit code is 1.",
    "",
    "    s3-credentials activate-access-key AKIAIOSFODNN7EXAMPLE",
  ].join("\n"),
});
