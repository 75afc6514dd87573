// Credentials that end by themselves: a Deny on aws:CurrentTime after the
// expiry, and a Deny on aws:TokenIssueTime before a cut-off (revocation).
import { UsageError } from "../errors.ts";
import type { ExtraStatement } from "./types.ts";

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The furthest ahead an expiry may lie. */
export const MAX_EXPIRY_YEARS = 10;

/** `2027-01-31T18:00:00Z`: UTC, seconds precision, as the policy and the tag carry it. */
export function isoSeconds(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, "Z");
}

const WRITTEN_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * The time of an `s3-credentials:expires` tag, read only in the form
 * `isoSeconds` writes it; undefined for anything else (`1`, `Dec 1 2026`,
 * a time without `Z`, 2026-02-30), which `cleanup` must not take for a date.
 */
export function readExpiryTag(value: string): Date | undefined {
  if (!WRITTEN_TIME.test(value)) return undefined;
  const time = new Date(value);
  // Dates that roll over (02-30, 24:00) do not read back as they were written.
  return !Number.isNaN(time.getTime()) && isoSeconds(time) === value ? time : undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** The last moment a Date can hold. */
const LATEST_DATE_MS = 8.64e15;

/** The widest UTC offsets in use: -12:00 to +14:00, taken symmetrically. */
const MAX_OFFSET_MINUTES = 14 * 60;

function parseIso(text: string): Date | undefined {
  const date = ISO_DATE.exec(text);
  const dateTime = date ? undefined : ISO_DATE_TIME.exec(text);
  const parts = date ?? dateTime;
  if (!parts) return undefined;
  const [year, month, day] = parts.slice(1, 4).map(Number);
  if (year < 1) throw new Error(`${text} has the year 0000: years run from 0001 to 9999`);
  // Date.UTC would read years below 100 as 19xx.
  const midnight = new Date(0);
  midnight.setUTCFullYear(year, month - 1, day);
  // setUTCFullYear rolls 2027-02-30 over into March: compare the fields back.
  if (midnight.getUTCMonth() !== month - 1 || midnight.getUTCDate() !== day) {
    throw new Error(`${text} is not a calendar date`);
  }
  if (date) return midnight;
  const [hours, minutes, seconds] = [parts[4], parts[5], parts[6] ?? "0"].map(Number);
  if (hours > 23 || minutes > 59 || seconds > 59) throw new Error(`${text} is not a valid time`);
  // The policy and the tag hold whole seconds: a fraction would be dropped unseen.
  if (parts[7]) {
    throw new Error(`${text} has a fraction of a second: give whole seconds`);
  }
  const zone = parts[8];
  if (zone !== "Z") {
    const [offsetHours, offsetMinutes] = [parts[9], parts[10]].map(Number);
    if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > MAX_OFFSET_MINUTES) {
      throw new Error(`${text} has the offset ${zone}: offsets run from -14:00 to +14:00`);
    }
  }
  return new Date(
    `${parts[1]}-${parts[2]}-${parts[3]}T${parts[4]}:${parts[5]}:${
      String(seconds).padStart(2, "0")
    }${zone}`,
  );
}

/** `time` as isoSeconds when its year has four digits, else `text` as given. */
function shown(time: Date, text: string): string {
  const year = time.getUTCFullYear();
  return year >= 1 && year <= 9999 ? isoSeconds(time) : text;
}

/**
 * Parses `--expires`: a duration from `now` (`90m`, `12h`, `30d`, `2w`) or an
 * ISO 8601 date (midnight UTC) or date-time with a zone (offsets up to
 * ±14:00), in whole seconds. The result must lie after `now` and at most
 * ten years ahead.
 * Throws an Error saying what is wrong.
 */
export function parseExpiry(text: string, now: Date): Date {
  const duration = /^(\d+)([mhdw])$/.exec(text);
  let time: Date | undefined;
  if (duration) {
    const ahead = now.getTime() + Number(duration[1]) * UNIT_MS[duration[2]];
    // Beyond the range of Date, a duration is still far ahead rather than invalid.
    time = new Date(Math.min(ahead, LATEST_DATE_MS));
  } else {
    time = parseIso(text);
  }
  if (!time || Number.isNaN(time.getTime())) {
    throw new Error(
      "must be a duration (90m, 12h, 30d, 2w) or an ISO 8601 date or date-time " +
        "(2027-01-31, 2027-01-31T18:00:00Z)",
    );
  }
  time = new Date(Math.floor(time.getTime() / 1000) * 1000);
  if (time.getTime() <= now.getTime()) {
    throw new Error(`${shown(time, text)} is not in the future`);
  }
  const latest = new Date(now.getTime());
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_EXPIRY_YEARS);
  if (time.getTime() > latest.getTime()) {
    throw new Error(`${shown(time, text)} is more than ${MAX_EXPIRY_YEARS} years ahead`);
  }
  return time;
}

/** The statement that denies everything after `expires` (an isoSeconds time). */
export function expiryStatement(expires: string): ExtraStatement {
  return {
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { DateGreaterThan: { "aws:CurrentTime": expires } },
  };
}

/**
 * `document` with the expiry statement appended as its last statement. Works
 * for generated and custom policies; a custom document without a Statement
 * is a usage error, since nothing can be appended to it.
 */
export function withExpiry(document: unknown, expires: string | undefined): unknown {
  if (expires === undefined) return document;
  if (typeof document !== "object" || document === null || !("Statement" in document)) {
    throw new UsageError("--expires needs a policy document with a Statement to add to");
  }
  const statement = (document as { Statement: unknown }).Statement;
  const list = Array.isArray(statement) ? statement : [statement];
  return { ...document, Statement: [...list, expiryStatement(expires)] };
}

/** Name of the inline role policy that `revoke-sessions` puts (and replaces). */
export const REVOKE_POLICY_NAME = "s3-credentials-revoke-older-sessions";

/** The role policy refusing every session issued before `cutoff` (an isoSeconds time). */
export function revokeOlderSessionsPolicy(cutoff: string) {
  return {
    Version: "2012-10-17",
    Statement: [{
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { DateLessThan: { "aws:TokenIssueTime": cutoff } },
    }],
  };
}

/** The revocation cut-off for `now`: the next whole second, so every session issued so far is before it. */
export function revocationCutoff(now: Date): string {
  return isoSeconds(new Date(Math.ceil(now.getTime() / 1000) * 1000));
}
