// Real SDK clients whose `send` is stubbed by aws-sdk-client-mock, plus helpers
// to read back every command sent, across clients, in the order it was sent.
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import type { CreateDeps } from "../../lib/actions/create.ts";

const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };

/** The region `s3ForRegion` knows besides the default one. */
export const OTHER_REGION = "eu-west-1";

/** One command as sent: `s3:HeadBucket`, `s3@eu-west-1:CreateBucket`, `iam:CreateUser`. */
export interface SentCommand {
  op: string;
  // deno-lint-ignore no-explicit-any
  input: any;
}

export interface FakeAws {
  iam: AwsClientStub<IAMClient>;
  sts: AwsClientStub<STSClient>;
  s3: AwsClientStub<S3Client>;
  /** The S3 client `s3ForRegion(OTHER_REGION)` returns. */
  s3Other: AwsClientStub<S3Client>;
  /** Every region `s3ForRegion` was asked for. */
  s3InRegions: (string | undefined)[];
  logs: string[];
  warnings: string[];
  deps: CreateDeps;
  /** All commands sent to any client, in order. */
  sent(): SentCommand[];
  /** The `op` of every command sent, in order. */
  ops(): string[];
  /** Inputs of the commands sent with this `op`, in order. */
  // deno-lint-ignore no-explicit-any
  inputs(op: string): any[];
}

/** Fresh mocked clients and recorded log/warn lines for one test. */
export function fakeAws(): FakeAws {
  const iamClient = new IAMClient({ region: "us-east-1", credentials });
  const stsClient = new STSClient({ region: "us-east-1", credentials });
  const s3Client = new S3Client({ region: "us-east-1", credentials });
  const s3OtherClient = new S3Client({ region: OTHER_REGION, credentials });
  const stubs = {
    iam: mockClient(iamClient),
    sts: mockClient(stsClient),
    s3: mockClient(s3Client),
    [`s3@${OTHER_REGION}`]: mockClient(s3OtherClient),
  };
  const s3InRegions: (string | undefined)[] = [];
  const logs: string[] = [];
  const warnings: string[] = [];
  const sent = (): SentCommand[] =>
    Object.entries(stubs)
      .flatMap(([service, stub]) =>
        stub.calls().map((call) => {
          const command = call.args[0] as { constructor: { name: string }; input: unknown };
          return {
            // sinon numbers every call of every stub in one sequence.
            callId: (call as unknown as { callId: number }).callId,
            op: `${service}:${command.constructor.name.replace(/Command$/, "")}`,
            input: command.input,
          };
        })
      )
      .sort((a, b) => a.callId - b.callId)
      .map(({ op, input }) => ({ op, input }));
  return {
    iam: stubs.iam,
    sts: stubs.sts,
    s3: stubs.s3,
    s3Other: stubs[`s3@${OTHER_REGION}`],
    s3InRegions,
    logs,
    warnings,
    deps: {
      clients: {
        iam: iamClient,
        // The same stub: call-level tests see one sequence of IAM calls.
        iamSingleAttempt: iamClient,
        sts: stsClient,
        s3: s3Client,
        s3ForRegion(region) {
          s3InRegions.push(region);
          if (region === undefined) return s3Client;
          if (region === OTHER_REGION) return s3OtherClient;
          throw new Error(`test has no S3 client for region ${region}`);
        },
      },
      log: (line) => logs.push(line),
      warn: (line) => warnings.push(line),
    },
    sent,
    ops: () => sent().map((c) => c.op),
    inputs: (op) => sent().filter((c) => c.op === op).map((c) => c.input),
  };
}

/** What the SDK raises when HeadBucket answers with this status and no body. */
export function headBucketError(status: 301 | 403 | 404): Error {
  const names = { 301: "PermanentRedirect", 403: "Forbidden", 404: "NotFound" };
  return Object.assign(new Error("UnknownError"), {
    name: names[status],
    $fault: "client",
    $metadata: { httpStatusCode: status },
  });
}

/** What STS raises when the caller may not assume the role. */
export function accessDenied(message = "User is not authorized to perform: sts:AssumeRole") {
  return Object.assign(new Error(message), {
    name: "AccessDenied",
    $fault: "client",
    $metadata: { httpStatusCode: 403 },
  });
}

/** What the SDK raises when the connection drops before an answer arrives. */
export function connectionLost() {
  return Object.assign(new Error("socket hang up"), { code: "ECONNRESET", $metadata: {} });
}

/** What the SDK raises for a 500 answer: the server may or may not have acted. */
export function serverError() {
  return Object.assign(new Error("We encountered an internal error"), {
    name: "ServiceFailure",
    $fault: "server",
    $metadata: { httpStatusCode: 500 },
  });
}

/** A policy document holding `statements`. */
export function policyOf(statements: unknown[]) {
  return { Version: "2012-10-17", Statement: statements };
}

export const S3_FULL_ACCESS = "arn:aws:iam::aws:policy/AmazonS3FullAccess";
