// `deno task bundle [OUTPUT]`: the single-file bundle (dist/s3-credentials.js unless OUTPUT is
// given) that the README runs from a URL.
//
// deno bundle begins the file with `createRequire(import.meta.url)`, for the `require` calls the
// SDK's CommonJS modules make of Node's built-in modules. Node's createRequire accepts file URLs
// only, so a bundle run from https:// would fail before its first line; this gives it a file URL
// to require from when it runs from anywhere else (built-in modules resolve from any).
const root = new URL("../", import.meta.url).pathname;
const output = Deno.args[0] ?? `${root}dist/s3-credentials.js`;
const CALL = "createRequire(import.meta.url)";
const FROM_ANYWHERE =
  'createRequire(import.meta.url.startsWith("file:") ? import.meta.url : "file:///")';

const built = await new Deno.Command(Deno.execPath(), {
  args: ["bundle", "--minify", "-o", output, `${root}main.ts`],
  cwd: root,
  stdout: "null",
  stderr: "inherit",
}).output();
if (!built.success) Deno.exit(1);
const text = await Deno.readTextFile(output);
const calls = text.split(CALL).length - 1;
if (calls !== 1) {
  console.error(`error: expected one ${CALL} in the bundle, found ${calls}`);
  Deno.exit(1);
}
await Deno.writeTextFile(output, text.replace(CALL, FROM_ANYWHERE));
