// Local file work of the transfer commands: what put-objects finds, and
// downloads that reach their final name whole or not at all.
import assert from "node:assert/strict";
import {
  collectUploadFiles,
  directoryMaker,
  uploadFileProblem,
  uploadPathProblem,
  writeFileAtomically,
} from "../../lib/local/files.ts";
import { filesUnder } from "../support/objects.ts";

function chunks(...parts: (string | Error)[]): ReadableStream<Uint8Array> {
  return ReadableStream.from((function* () {
    for (const part of parts) {
      if (part instanceof Error) throw part;
      yield new TextEncoder().encode(part);
    }
  })());
}

Deno.test("a download is renamed into place when complete", async () => {
  const dir = await Deno.makeTempDir();
  try {
    let size = 0;
    await writeFileAtomically(`${dir}/out.txt`, chunks("hel", "lo"), { onSize: (n) => size = n });
    assert.equal(await Deno.readTextFile(`${dir}/out.txt`), "hello");
    assert.equal(size, 5);
    assert.deepEqual(await filesUnder(dir), ["out.txt"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a failed download leaves the old file alone and no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/out.txt`, "old");
    await assert.rejects(
      writeFileAtomically(`${dir}/out.txt`, chunks("new da", new Error("connection reset"))),
      /connection reset/,
    );
    assert.equal(await Deno.readTextFile(`${dir}/out.txt`), "old");
    await assert.rejects(
      writeFileAtomically(`${dir}/fresh.txt`, chunks("partial", new Error("reset"))),
    );
    assert.deepEqual(await filesUnder(dir), ["out.txt"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("put-objects finds files in argument order, directories sorted", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/tree/b-sub`, { recursive: true });
    await Deno.mkdir(`${dir}/outside`);
    await Deno.writeTextFile(`${dir}/tree/z.txt`, "zz");
    await Deno.writeTextFile(`${dir}/tree/a.txt`, "a");
    await Deno.writeTextFile(`${dir}/tree/b-sub/c.txt`, "ccc");
    await Deno.writeTextFile(`${dir}/single.bin`, "1234");
    await Deno.writeTextFile(`${dir}/outside/o.txt`, "o");
    await Deno.symlink(`${dir}/outside`, `${dir}/tree/dir-link`);
    await Deno.symlink(`${dir}/outside/o.txt`, `${dir}/tree/file-link`);
    await Deno.symlink(`${dir}/nowhere`, `${dir}/tree/broken-link`);
    const { files, unreadable, skipped } = await collectUploadFiles([
      `${dir}/single.bin`,
      `${dir}/tree/`,
    ]);
    assert.deepEqual(files.map((f) => [f.key, f.size]), [
      ["single.bin", 4],
      ["tree/a.txt", 1],
      ["tree/b-sub/c.txt", 3],
      ["tree/file-link", 1],
      ["tree/z.txt", 2],
    ]);
    assert.equal(files[2].path, `${dir}/tree/b-sub/c.txt`);
    assert.equal(files[2].displayPath, `${dir}/tree/b-sub/c.txt`);
    assert.deepEqual(unreadable, []);
    assert.deepEqual(skipped, [
      { displayPath: `${dir}/tree/broken-link`, reason: "a dangling symlink" },
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("paths to upload are checked as the reference words it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/f.txt`, "x");
    assert.equal(uploadFileProblem(`${dir}/f.txt`), undefined);
    assert.equal(uploadFileProblem(dir), `File '${dir}' is a directory.`);
    assert.equal(uploadFileProblem(`${dir}/no`), `File '${dir}/no' does not exist.`);
    assert.equal(uploadPathProblem(dir), undefined);
    assert.equal(uploadPathProblem(`${dir}/no`), `File '${dir}/no' does not exist.`);
    await assert.rejects(collectUploadFiles([`${dir}/no`]), /does not exist/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("downloads get the permissions of any new file (the umask applies), never more", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/reference.txt`, "made the ordinary way");
    await writeFileAtomically(`${dir}/whole.bin`, new Uint8Array([1, 2, 3]));
    await writeFileAtomically(`${dir}/streamed.bin`, chunks("str", "eamed"));
    const modeOf = async (name: string) => (await Deno.stat(`${dir}/${name}`)).mode! & 0o777;
    const expected = await modeOf("reference.txt");
    assert.equal(await modeOf("whole.bin"), expected);
    assert.equal(await modeOf("streamed.bin"), expected);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a replaced file keeps its permissions, whole or streamed", async () => {
  const dir = await Deno.makeTempDir();
  const modeOf = async (name: string) => (await Deno.stat(`${dir}/${name}`)).mode! & 0o7777;
  try {
    // Neither mode can come from 0o666 less a umask, whatever the umask is.
    for (const mode of [0o600, 0o751]) {
      for (const [name, content] of [["whole", new Uint8Array([1])], ["streamed", chunks("x")]]) {
        const file = `${name}-${mode.toString(8)}`;
        await Deno.writeTextFile(`${dir}/${file}`, "old");
        await Deno.chmod(`${dir}/${file}`, mode);
        await writeFileAtomically(`${dir}/${file}`, content as Uint8Array);
        assert.equal(await modeOf(file), mode, file);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a symlink is written through when asked, else replaced", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/real`);
    await Deno.writeTextFile(`${dir}/real/target.txt`, "old");
    await Deno.symlink("real/target.txt", `${dir}/link.txt`);
    await writeFileAtomically(`${dir}/link.txt`, chunks("through"), { followSymlink: true });
    assert.equal((await Deno.lstat(`${dir}/link.txt`)).isSymlink, true);
    assert.equal(await Deno.readTextFile(`${dir}/real/target.txt`), "through");
    // A dangling link gets its target created, as opening the path would.
    await Deno.symlink("real/new.txt", `${dir}/dangling.txt`);
    await writeFileAtomically(`${dir}/dangling.txt`, new Uint8Array([65]), { followSymlink: true });
    assert.equal(await Deno.readTextFile(`${dir}/real/new.txt`), "A");
    await writeFileAtomically(`${dir}/link.txt`, chunks("replaced"));
    assert.equal((await Deno.lstat(`${dir}/link.txt`)).isSymlink, false);
    assert.equal(await Deno.readTextFile(`${dir}/real/target.txt`), "through");
    assert.deepEqual(await filesUnder(dir), [
      "dangling.txt",
      "link.txt",
      "real/",
      "real/new.txt",
      "real/target.txt",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a file name of 255 bytes can be downloaded (the temporary name is short)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const name = "n".repeat(251) + ".txt";
    await writeFileAtomically(`${dir}/${name}`, new Uint8Array([1]));
    await writeFileAtomically(`${dir}/${name}`, chunks("streamed"));
    assert.equal(await Deno.readTextFile(`${dir}/${name}`), "streamed");
    assert.deepEqual(await filesUnder(dir), [name]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("directories are made once, with parents, and say whether they were there", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const make = directoryMaker();
    await Deno.mkdir(`${dir}/old`);
    assert.equal(await make(`${dir}/old`), false);
    assert.deepEqual(
      await Promise.all([make(`${dir}/new/a/b`), make(`${dir}/new/a`), make(`${dir}/new/a/b`)]),
      [true, true, true],
    );
    assert.equal((await Deno.stat(`${dir}/new/a/b`)).isDirectory, true);
    // Asked again, the answer is the first one: the run made it.
    assert.equal(await make(`${dir}/new/a`), true);
    await Deno.writeTextFile(`${dir}/file`, "");
    await assert.rejects(make(`${dir}/file`), Deno.errors.AlreadyExists);
    await assert.rejects(make(`${dir}/file/below`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
