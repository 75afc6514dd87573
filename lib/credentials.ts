/**
 * Credentials as IAM and STS hand them out: what lib/actions return and what
 * lib/output and lib/server print or serve. Types only.
 *
 * @module
 */

/** The access key of a new IAM user, as CreateAccessKey returns it. */
export interface AccessKey {
  UserName: string;
  AccessKeyId: string;
  Status: string;
  SecretAccessKey: string;
  CreateDate?: Date;
}

/** Temporary credentials, as AssumeRole returns them. */
export interface SessionCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}
