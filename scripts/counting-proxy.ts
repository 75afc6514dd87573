// What the request-counting benchmarks share: a proxy in front of the emulator
// that counts what it forwards, and the median of a run's timings.

/** A proxy on 127.0.0.1 that forwards every request to `upstream` and counts them. */
export interface CountingProxy {
  readonly endpoint: string;
  /** Requests forwarded so far. */
  readonly requests: number;
  close(): Promise<void>;
}

/** Starts a counting proxy in front of `upstream` (an http:// address). */
export function startCountingProxy(upstream: string): CountingProxy {
  let requests = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    requests++;
    const url = new URL(request.url);
    return fetch(`${upstream}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
    });
  });
  return {
    endpoint: `http://127.0.0.1:${server.addr.port}`,
    get requests() {
      return requests;
    },
    close: () => server.shutdown(),
  };
}
