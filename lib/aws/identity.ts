import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { CALLER_IDENTITY_ORDER, inKeyOrder } from "../output/columns.ts";

/** Who the credentials belong to: STS GetCallerIdentity as `{UserId, Account, Arn}`. */
export async function callerIdentity(sts: STSClient): Promise<Record<string, unknown>> {
  const response = await sts.send(new GetCallerIdentityCommand({}));
  return inKeyOrder(response, CALLER_IDENTITY_ORDER) as Record<string, unknown>;
}
