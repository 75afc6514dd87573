/** What a set of credentials may do with the objects of a bucket. */
export type Permission = "read-write" | "read-only" | "write-only";

/** A statement this tool generates; key order is the order printed. */
export interface GeneratedStatement {
  Sid?: string;
  Effect: "Allow";
  Principal?: "*";
  Action: string[];
  Resource: string[];
  Condition?: { StringLike: { "s3:prefix": string[] } };
}

/** A statement given by the user with --statement: kept as written. */
export type ExtraStatement = Record<string, unknown>;

/** An IAM policy document. */
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: (GeneratedStatement | ExtraStatement)[];
}
