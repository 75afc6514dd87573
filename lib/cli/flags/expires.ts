// `--expires`: when an access key's policies stop allowing anything.
import { parseExpiry } from "../../policy/expiry.ts";

/** `--expires` of create and policy: when the user's policies stop allowing anything. */
export const expiresFlagParameter = {
  kind: "parsed",
  parse: (text: string) => parseExpiry(text, new Date()),
  optional: true,
  placeholder: "WHEN",
  brief: "Make the access key stop working then: 90m, 12h, 30d, 2w, 2027-01-31 or " +
    "2027-01-31T18:00:00Z (at most 10 years ahead)",
} as const;
