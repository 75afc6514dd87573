/**
 * What `localserver` says when it starts listening. Pure.
 *
 * @module
 */
import type { Permission } from "../policy/types.ts";

/** True for 127.0.0.0/8 and ::1 (also IPv4-mapped). */
export function isLoopback(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, "");
  return /^127\.\d+\.\d+\.\d+$/.test(v4) || address === "::1";
}

/** `host:port` for a URL, with an IPv6 literal in brackets. */
export function urlAuthority(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

export interface Listening {
  permission: Permission;
  bucket: string;
  /** The `--host` given. */
  host: string;
  /** The address and port actually bound. */
  address: string;
  port: number;
  durationSeconds: number;
  tokenRequired: boolean;
}

/**
 * The start-up lines of the reference tool (with the real port when `--port
 * 0` let the system choose), preceded by a warning when anyone beyond this
 * machine may reach the server without a token.
 */
export function startupLines(listening: Listening): string[] {
  const warning = listening.tokenRequired || isLoopback(listening.address) ? [] : [
    `Warning: ${listening.host} is not a loopback address and no token was given: ` +
    "anyone who can reach this port can take the credentials (use --token)",
  ];
  return [
    ...warning,
    `Serving ${listening.permission} credentials for bucket '${listening.bucket}' at ` +
    `http://${urlAuthority(listening.host, listening.port)}/`,
    `Duration: ${listening.durationSeconds} seconds`,
    "Press Ctrl+C to stop",
  ];
}
