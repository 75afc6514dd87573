/**
 * Which requests `localserver` refuses before anything else: those a web page
 * could have made. A page on attacker.example that re-points its own name at
 * 127.0.0.1 (DNS rebinding) sends `Host: attacker.example:PORT`; a browser
 * also marks its requests with `Origin` or `Sec-Fetch-Site`. Pure.
 *
 * @module
 */

/** Names every loopback server may be reached by. */
const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6_IN_BRACKETS = /^\[[0-9a-f:.]+\]$/;

/** `host` as it appears in a Host header: lower case, an IPv6 literal in brackets. */
function hostName(host: string): string {
  const lower = host.toLowerCase();
  return lower.includes(":") && !lower.startsWith("[") ? `[${lower}]` : lower;
}

export interface ListeningAddress {
  /** The `--host` given. */
  host: string;
  /** The address actually bound. */
  address: string;
  port: number;
}

/**
 * A test of the Host header: the name must be localhost, 127.0.0.1, [::1],
 * the `--host` given or the address bound (names compared without case), and
 * the port exactly the one listened on (absent only when that is 80). A
 * server bound to every address (0.0.0.0, ::) also accepts any IP literal:
 * it listens on them all, and an address cannot be re-pointed by DNS.
 */
export function hostMatcher(listening: ListeningAddress): (hostHeader: string) => boolean {
  const names = new Set([...LOOPBACK_NAMES, hostName(listening.host), hostName(listening.address)]);
  const wildcard = listening.address === "0.0.0.0" || listening.address === "::";
  return (hostHeader) => {
    const match = /^(\[[^\]]*\]|[^:\[\]]*)(?::(\d+))?$/.exec(hostHeader.toLowerCase());
    if (!match) return false;
    const [, name, port] = match;
    if ((port ?? "80") !== String(listening.port)) return false;
    return names.has(name) || (wildcard && (IPV4.test(name) || IPV6_IN_BRACKETS.test(name)));
  };
}

/**
 * True when a request carries what only browsers send. Any web page could
 * have made it, so it is refused whatever its Host says.
 */
export function fromBrowser(headers: Headers): boolean {
  return headers.has("origin") || headers.has("sec-fetch-site");
}
