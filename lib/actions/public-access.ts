import {
  GetPublicAccessBlockCommand,
  type PublicAccessBlockConfiguration as SdkConfiguration,
  PutPublicAccessBlockCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  isComplete,
  mergePublicAccessBlock,
  type PublicAccessBlockChanges,
  type PublicAccessBlockConfiguration,
} from "../bucket/public-access-block.ts";
import { isAwsError } from "../aws/service-errors.ts";

/**
 * The public access block configuration of `bucket`, or undefined when it
 * has none (NoSuchPublicAccessBlockConfiguration).
 */
export async function getPublicAccessBlock(
  s3: S3Client,
  bucket: string,
): Promise<SdkConfiguration | undefined> {
  try {
    const response = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    return response.PublicAccessBlockConfiguration ?? {};
  } catch (error) {
    if (isAwsError(error, "NoSuchPublicAccessBlockConfiguration")) return undefined;
    throw error;
  }
}

/**
 * Applies `changes` to the public access block of `bucket` and returns the
 * configuration written. PutPublicAccessBlock replaces all four settings,
 * so unless `changes` sets them all the current ones are read first and
 * the settings not changed keep their values (false when there is none).
 */
export async function updatePublicAccessBlock(
  s3: S3Client,
  bucket: string,
  changes: PublicAccessBlockChanges,
): Promise<PublicAccessBlockConfiguration> {
  const current = isComplete(changes) ? undefined : await getPublicAccessBlock(s3, bucket);
  const configuration = mergePublicAccessBlock(current, changes);
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: { ...configuration },
    }),
  );
  return configuration;
}
