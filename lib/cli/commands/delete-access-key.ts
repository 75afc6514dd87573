import { keyChangeCommand } from "../key-change-command.ts";

export default keyChangeCommand("delete", {
  brief: "Delete access keys for good",
  fullDescription: [
    "Deletes each access key; its user is looked up from the key, or given with",
    "--username. One line on stderr a key deleted; keys that fail are reported at",
    "the end, after the others were processed, and the exit code is 1.",
    "",
    "    s3-credentials delete-access-key AKIAIOSFODNN7EXAMPLE AKIAI44QH8DHBEXAMPLE",
  ].join("\n"),
});
