// Raw TCP clients of an HTTP server: what fetch cannot send (a chosen Host, a partial request).

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Sends `text` and reads until the server closes; gives the whole answer and how long it took. */
export async function rawExchange(
  port: number,
  text: string,
  { timeoutMs = 20_000 }: { timeoutMs?: number } = {},
): Promise<{ answer: string; closedAfterMs: number }> {
  const started = performance.now();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const timer = setTimeout(() => conn.close(), timeoutMs);
  try {
    if (text) await conn.write(encoder.encode(text));
    const chunks: Uint8Array[] = [];
    const buffer = new Uint8Array(16 * 1024);
    for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
      chunks.push(buffer.slice(0, n));
    }
    return {
      answer: chunks.map((chunk) => decoder.decode(chunk)).join(""),
      closedAfterMs: performance.now() - started,
    };
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch {
      // Closed by the server or the timer.
    }
  }
}

/** A GET of `/` with the given header lines, asking the server to close after its answer. */
export function rawGet(headers: string[], target = "/"): string {
  // Without it an HTTP/1.1 server keeps the connection open and rawExchange waits for its timeout.
  return [`GET ${target} HTTP/1.1`, ...headers, "Connection: close", "", ""].join("\r\n");
}

/** The status code of a raw HTTP answer. */
export function statusOf(answer: string): number {
  return Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1]);
}

/** The body of a raw HTTP answer (without chunked encoding). */
export function bodyOf(answer: string): string {
  return answer.slice(answer.indexOf("\r\n\r\n") + 4);
}
