// The real CLI streams list-users: a fake IAM endpoint holds back the last of
// 30 pages until the users of the first 29 have appeared on the CLI's stdout
// (with buffered output they never would, and the test would fail).
import assert from "node:assert/strict";
import { fakeUserName, startFakeIam } from "../support/fake_iam.ts";
import { FAKE_KEYS_ENV, MAIN_PATH, parentDenoDir, REPO_ROOT } from "../support/cli.ts";

const USERS = 3000;
const PAGE = 100;
const WAIT_MS = 20_000;

for (const format of ["json", "csv"] as const) {
  Deno.test(`list-users (${format}) prints earlier pages while the last one is pending`, async () => {
    let output = "";
    let seen: () => void = () => {};
    const lastBeforeFinalPage = fakeUserName(USERS - PAGE - 1);
    const earlierPagesSeen = new Promise<void>((resolve) => seen = resolve);
    let shownBeforeLastPage: boolean | undefined;
    const iam = startFakeIam({
      users: USERS,
      pageSize: PAGE,
      async beforeLastPage() {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<false>((resolve) =>
          timer = setTimeout(resolve, WAIT_MS, false)
        );
        shownBeforeLastPage = await Promise.race([earlierPagesSeen.then(() => true), timeout]);
        clearTimeout(timer);
      },
    });
    const home = await Deno.makeTempDir({ prefix: "s3c-stream-" });
    try {
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--cached-only",
          MAIN_PATH,
          "list-users",
          ...(format === "csv" ? ["--csv"] : []),
          "--endpoint-url",
          iam.url,
        ],
        clearEnv: true,
        env: {
          ...FAKE_KEYS_ENV,
          PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
          HOME: home,
          NO_COLOR: "1",
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_CONFIG_FILE: `${home}/none`,
          AWS_SHARED_CREDENTIALS_FILE: `${home}/none`,
          DENO_DIR: await parentDenoDir(),
        },
        cwd: REPO_ROOT,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const stderr = new Response(child.stderr).text();
      for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
        output += chunk;
        if (output.includes(lastBeforeFinalPage)) seen();
      }
      const status = await child.status;
      assert.equal(status.code, 0, await stderr);
      assert.equal(shownBeforeLastPage, true, "users of earlier pages were on stdout first");
      assert.equal(iam.pagesRequested, USERS / PAGE);
      if (format === "json") {
        const users = JSON.parse(output) as { UserName: string }[];
        assert.equal(users.length, USERS);
        assert.equal(users[USERS - 1].UserName, fakeUserName(USERS - 1));
      } else {
        const lines = output.split("\r\n");
        assert.equal(lines.length, USERS + 2);
        assert.equal(
          lines[1],
          `${fakeUserName(0)},AIDA${"0".repeat(17)},arn:aws:iam::123456789012:user/` +
            `${fakeUserName(0)},/,2020-01-01 00:00:00+00:00,,,`,
        );
      }
    } finally {
      seen();
      await iam.close();
      await Deno.remove(home, { recursive: true });
    }
  });
}
