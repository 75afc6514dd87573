import type { StaticCredentials } from "./auth-file.ts";

/** How to reach AWS, from the common AWS flags. */
export interface AwsOptions {
  /** Explicit keys (flags or --auth); otherwise the SDK's default chain. */
  credentials?: StaticCredentials;
  /** Where explicit credentials came from, in words: "--access-key" or "--auth FILE". */
  credentialsFrom?: string;
  endpointUrl?: string;
  /** --iam-endpoint-url: IAM only, instead of endpointUrl. */
  iamEndpointUrl?: string;
  /** --sts-endpoint-url: STS only, instead of endpointUrl. */
  stsEndpointUrl?: string;
  profile?: string;
  /** --mfa-code: the code for a profile whose role needs MFA, instead of asking on the terminal. */
  mfaCode?: string;
  region?: string;
}
