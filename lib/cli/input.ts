/** Reads a whole text file, or standard input for `-`, with readable errors. */
export async function readInput(path: string): Promise<string> {
  try {
    if (path === "-") return await new Response(Deno.stdin.readable).text();
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`'${path}': No such file or directory`);
    }
    if (error instanceof Deno.errors.IsADirectory) throw new Error(`'${path}' is a directory`);
    if (error instanceof Deno.errors.PermissionDenied) {
      throw new Error(`'${path}': Permission denied`);
    }
    throw error;
  }
}
