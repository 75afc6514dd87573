// How long each S3 client made for a run waits for an answer to begin, for
// the requests sent beside its middleware stack (object-requests.ts): the
// limits clients.ts gives its clients, found again from the client.

const limits = new WeakMap<object, number>();

/** Records that requests of `client` give up when no answer has begun within `ms`. */
export function setResponseTimeout(client: object, ms: number): void {
  limits.set(client, ms);
}

/** The limit recorded for `client`, if any. */
export function responseTimeoutFor(client: object): number | undefined {
  return limits.get(client);
}
