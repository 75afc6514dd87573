// An S3 error answer read as the SDK reads it: an S3ServiceException named by
// its XML Code, with the metadata and response the SDK's retries look at.
import { S3ServiceException } from "@aws-sdk/client-s3";
import { requestIdOf } from "./request-log.ts";

/** What a request failure carries, as the SDK's retry middleware and our error lines read it. */
export type RequestError = Error & {
  $metadata?: {
    attempts?: number;
    totalRetryDelay?: number;
    httpStatusCode?: number;
    requestId?: string;
  };
  $response?: { statusCode: number; headers: Record<string, string> };
  $operation?: string;
};

/** Error bodies are short; a server sending a large one is not read further. */
const ERROR_BODY_LIMIT = 64 * 1024;

async function errorText(response: Response): Promise<string> {
  const body = response.body;
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_BODY_LIMIT) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return new TextDecoder().decode(await new Blob(chunks as BlobPart[]).bytes());
}

function xmlField(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1].replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, entity: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[entity]!,
  );
}

/** The S3 error an answer of status 300 or more stands for, named as the SDK names it. */
export async function serviceError(response: Response, operation: string): Promise<RequestError> {
  const status = response.status;
  const text = await errorText(response);
  const isXml = /<Error>/.test(text);
  const code = isXml ? xmlField(text, "Code") : undefined;
  const name = code ?? (status === 404 ? "NotFound" : "Unknown");
  // As the SDK words an answer it could not read (a proxy's HTML page, say).
  const message = isXml
    ? xmlField(text, "Message") ?? "UnknownError"
    : text.trim()
    ? "Deserialization error: the answer was not an S3 error document"
    : "UnknownError";
  // As the SDK's retries and error lines read an answer: lower-case names.
  const headers = Object.fromEntries(response.headers);
  const error = new S3ServiceException({
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: {
      httpStatusCode: status,
      requestId: requestIdOf(headers) ?? xmlField(text, "RequestId"),
      extendedRequestId: headers["x-amz-id-2"],
      attempts: 1,
      totalRetryDelay: 0,
    },
    message,
  }) as RequestError;
  error.$response = { statusCode: status, headers };
  error.$operation = operation;
  return error;
}
