import assert from "node:assert/strict";
import { parseAuthText } from "../../lib/aws/auth-file.ts";

const NO_CREDENTIALS = /no credentials found/;

Deno.test("parseAuthText: JSON printed by create", async (t) => {
  await t.step("permanent access key (no session token)", async () => {
    const text = JSON.stringify(
      {
        UserName: "s3.read-write.bkt",
        AccessKeyId: "AKIAEXAMPLE",
        Status: "Active",
        SecretAccessKey: "secret/with+chars",
        CreateDate: "2021-11-03 01:38:24+00:00",
      },
      null,
      4,
    );
    assert.deepEqual(await parseAuthText(text + "\n"), {
      accessKeyId: "AKIAEXAMPLE",
      secretAccessKey: "secret/with+chars",
    });
  });
  await t.step("temporary credentials (with session token)", async () => {
    const text = JSON.stringify(
      {
        AccessKeyId: "ASIAEXAMPLE",
        SecretAccessKey: "secret",
        SessionToken: "token==",
        Expiration: "2026-11-28 00:22:33+00:00",
      },
      null,
      4,
    );
    assert.deepEqual(await parseAuthText(`\n  ${text}\n\n`), {
      accessKeyId: "ASIAEXAMPLE",
      secretAccessKey: "secret",
      sessionToken: "token==",
    });
  });
});

Deno.test("parseAuthText: INI files", async (t) => {
  await t.step("create's ini output with a session token", async () => {
    const text = "[default]\naws_access_key_id=ASIAINI\naws_secret_access_key=s3cret\n" +
      "aws_session_token=tok\n";
    assert.deepEqual(await parseAuthText(text), {
      accessKeyId: "ASIAINI",
      secretAccessKey: "s3cret",
      sessionToken: "tok",
    });
  });
  await t.step("key names in mixed case", async () => {
    const text = "[default]\nAWS_Access_Key_ID = AKIAMIXED\nAws_Secret_Access_Key = mixed\n";
    assert.deepEqual(await parseAuthText(text), {
      accessKeyId: "AKIAMIXED",
      secretAccessKey: "mixed",
    });
  });
  await t.step("the first section with a key is used", async () => {
    const text = "[settings]\nregion = eu-west-1\n\n[work]\naws_access_key_id = AKIAWORK\n" +
      "aws_secret_access_key = work\n\n[home]\naws_access_key_id = AKIAHOME\n" +
      "aws_secret_access_key = home\n";
    assert.deepEqual(await parseAuthText(text), {
      accessKeyId: "AKIAWORK",
      secretAccessKey: "work",
    });
  });
  await t.step("[profile dotted.name] section", async () => {
    const text = "[profile dotted.name]\naws_access_key_id=AKIADOT\naws_secret_access_key=dot\n";
    assert.deepEqual(await parseAuthText(text), {
      accessKeyId: "AKIADOT",
      secretAccessKey: "dot",
    });
  });
  await t.step("surrounding whitespace, indentation, CRLF and comments", async () => {
    const text = "\r\n\r\n  [default]  \r\n# a comment\r\n" +
      "aws_access_key_id   =   AKIASPACE  \r\n\taws_secret_access_key=\tspace\t\r\n\r\n";
    assert.deepEqual(await parseAuthText(text), {
      accessKeyId: "AKIASPACE",
      secretAccessKey: "space",
    });
  });
  await t.step("name: value lines, as Python's configparser reads them", async () => {
    const text = "[default]\naws_access_key_id: AKIACOLON\naws_secret_access_key : se:cr=et\n" +
      "aws_session_token = to:ken\n";
    assert.deepEqual(await parseAuthText(text), {
      accessKeyId: "AKIACOLON",
      secretAccessKey: "se:cr=et",
      sessionToken: "to:ken",
    });
  });
  await t.step("[DEFAULT] keys are inherited by other sections", async () => {
    const text = "[DEFAULT]\naws_secret_access_key = shared\n[dev]\naws_access_key_id = AKIADEV\n";
    assert.deepEqual(await parseAuthText(text), {
      accessKeyId: "AKIADEV",
      secretAccessKey: "shared",
    });
  });
});

Deno.test("parseAuthText: files without a usable key pair", async (t) => {
  const cases: [string, string, RegExp][] = [
    ["empty JSON object", "{}", NO_CREDENTIALS],
    ["JSON without the secret", '{"AccessKeyId": "AKIA"}', NO_CREDENTIALS],
    ["JSON with a non-string key", '{"AccessKeyId": 1, "SecretAccessKey": "s"}', NO_CREDENTIALS],
    ["bad JSON", '{"AccessKeyId": ', /invalid JSON/],
    ["JSON with trailing text", "{}}", /invalid JSON/],
    ["no section header", "garbage\naws_access_key_id=AKIA\n", /no \[section\]/],
    ["empty text", "  \n", /no \[section\]/],
    [
      "[DEFAULT] only",
      "[DEFAULT]\naws_access_key_id = AKIA\naws_secret_access_key = s\n",
      NO_CREDENTIALS,
    ],
    ["key without secret", "[default]\naws_access_key_id = AKIA\n", NO_CREDENTIALS],
    ["secret without key", "[default]\naws_secret_access_key = s\n", NO_CREDENTIALS],
  ];
  for (const [name, text, message] of cases) {
    await t.step(name, async () => {
      await assert.rejects(parseAuthText(text), (error: Error) => {
        assert.match(error.message, message);
        return true;
      });
    });
  }
});
