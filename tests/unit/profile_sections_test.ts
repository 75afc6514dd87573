// Section edits of the AWS files: everything outside the section written keeps its bytes.
import assert from "node:assert/strict";
import {
  configSection,
  hasSection,
  profileNameProblem,
  withSection,
} from "../../lib/output/profile-sections.ts";

const KEYS: [string, string][] = [["aws_access_key_id", "AK"], ["aws_secret_access_key", "SK"]];

Deno.test("profile names: only characters every SDK reads back as that name", () => {
  for (const good of ["dev", "my.bucket-ro", "a_b@c+d=e,f", "default"]) {
    assert.equal(profileNameProblem(good), undefined, good);
  }
  // Quotes and backslashes: botocore splits config section names like a shell.
  const bad = ["", "a b", "a]b", "[a", "a\nb", "a\tb", "#a", ";a", "it's", 'a"b', "a\\b", "a\x01"];
  for (const name of bad) {
    assert.ok(profileNameProblem(name), JSON.stringify(name));
  }
  assert.equal(configSection("dev"), "profile dev");
  assert.equal(configSection("default"), "default");
});

Deno.test("a new section is appended after a blank line; the rest is untouched", () => {
  const before = "# mine\n[default]\naws_access_key_id = X ; note\n";
  assert.equal(
    withSection(before, "dev", KEYS),
    before + "\n[dev]\naws_access_key_id = AK\naws_secret_access_key = SK\n",
  );
  assert.equal(
    withSection("", "dev", KEYS),
    "[dev]\naws_access_key_id = AK\naws_secret_access_key = SK\n",
  );
  assert.equal(withSection("[a]\nk = v", "dev", [["k", "w"]]), "[a]\nk = v\n\n[dev]\nk = w\n");
  assert.equal(
    withSection("[a]\r\nk = v\r\n", "dev", [["k", "w"]]),
    "[a]\r\nk = v\r\n\r\n[dev]\r\nk = w\r\n",
  );
});

Deno.test("an existing section is replaced where it stands, comments after it stay", () => {
  const text = "[a]\nk = 1\n[ profile  dev ]\nold = 1\nregion = x\n\n# about b\n[b]\nk = 2\n";
  assert.ok(hasSection(text, "profile dev"));
  assert.ok(!hasSection(text, "dev"));
  assert.equal(
    withSection(text, "profile dev", [["region", "us-east-1"]]),
    "[a]\nk = 1\n[profile dev]\nregion = us-east-1\n\n# about b\n[b]\nk = 2\n",
  );
  assert.equal(withSection("[dev]\nk = 1", "dev", [["k", "2"]]), "[dev]\nk = 2");
  // A key that looks like a header inside a value is not a header.
  assert.ok(!hasSection("[a]\nk = [dev]\n", "dev"));
});
