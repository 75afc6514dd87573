/**
 * What `localserver` says when it starts listening. Pure.
 *
 * @module
 */
import { posixQuote } from "../output/credentials.ts";
import type { Permission } from "../policy/types.ts";
import { CONTAINER_PATH } from "./handler.ts";

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
  /** The token when it was given with --token (one from the environment is never printed). */
  tokenValue?: string;
  /** The environment variable the token came from, if it did. */
  tokenVariable?: string;
}

/** The two variables that point an AWS SDK at the container credentials path. */
export function sdkEnvironmentLines(listening: Listening): string[] {
  // A wildcard address is reached through the loopback one, which SDKs accept over http.
  const host = ["0.0.0.0", "::", ""].includes(listening.host) ? "127.0.0.1" : listening.host;
  const uri = `http://${urlAuthority(host, listening.port)}${CONTAINER_PATH}`;
  const token = listening.tokenValue !== undefined
    ? posixQuote(listening.tokenValue)
    : listening.tokenVariable
    ? `"$${listening.tokenVariable}"`
    : undefined;
  return [
    "For AWS SDKs, set:",
    `  export AWS_CONTAINER_CREDENTIALS_FULL_URI=${uri}`,
    ...(token ? [`  export AWS_CONTAINER_AUTHORIZATION_TOKEN=${token}`] : []),
  ];
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
    ...sdkEnvironmentLines(listening),
    "Press Ctrl+C to stop",
  ];
}
