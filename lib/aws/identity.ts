import {
  GetCallerIdentityCommand,
  type GetCallerIdentityCommandOutput,
  type STSClient,
} from "@aws-sdk/client-sts";

/** Who the credentials belong to: STS GetCallerIdentity (`UserId`, `Account`, `Arn`). */
export async function callerIdentity(sts: STSClient): Promise<GetCallerIdentityCommandOutput> {
  return await sts.send(new GetCallerIdentityCommand({}));
}
