/** What the AWS SDK's service and network errors look like, without loading the SDK. */
interface AwsLikeError {
  name: string;
  message: string;
  code?: string;
  /** The service's error code, when it differs from `name` (IAM: `NoSuchEntity`). */
  Code?: unknown;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
  /** Set by the client factory's middleware: the API operation that failed. */
  $operation?: string;
}

const HTTP_REASONS: Record<number, string> = {
  301: "Moved Permanently",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * One readable line for an error raised by the AWS SDK (service error,
 * missing credentials, unreachable endpoint), or undefined for other errors.
 * Service errors read as the reference tool printed them:
 * `An error occurred (Code) when calling the Operation operation: Message`.
 */
export function describeAwsError(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as Error & AwsLikeError;
  // Already worded for the user where the credentials were looked for.
  if (e.name === "CredentialsError") return e.message;
  if (e.name === "CredentialsProviderError" || /Could not load credentials/.test(e.message)) {
    return "no AWS credentials found: pass --access-key and --secret-key, --auth FILE or " +
      "--profile NAME, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
  }
  if (/Region is missing/.test(e.message)) {
    return "no AWS region configured: pass --region or set AWS_REGION";
  }
  const network = describeNetworkError(e);
  if (network) return network;
  if (!e.$metadata) return undefined;
  const status = e.$metadata.httpStatusCode;
  const operation = e.$operation ?? "AWS";
  // An answer the SDK could not read (a proxy's or a load balancer's HTML page, say): its
  // status is what there is to say.
  if (status && /Deserialization error/.test(e.message)) {
    const reason = HTTP_REASONS[status] ?? "Unknown";
    return `An error occurred (${status}) when calling the ${operation} operation: ${reason} ` +
      "(the answer was not an AWS response)";
  }
  const unnamed = !e.message || e.message === "UnknownError" || e.name === "Unknown";
  const serviceCode = typeof e.Code === "string" && e.Code ? e.Code : e.name;
  const code = unnamed && status ? String(status) : serviceCode;
  // Some service messages come with several lines: keep one.
  const message = unnamed && status
    ? HTTP_REASONS[status] ?? "Unknown"
    : e.message.trim().replace(/\s*\n\s*/g, " ");
  return `An error occurred (${code}) when calling the ${operation} operation: ${message}`;
}

function describeNetworkError(e: Error & AwsLikeError): string | undefined {
  const code = e.code ?? (e.cause as { code?: string } | undefined)?.code;
  const where = e.$operation ? ` (${e.$operation})` : "";
  // The connection was made, then nothing came back (the SDK's idle limit, or our fetch limit).
  if (e.name === "TimeoutError" && /of inactivity|^no response within/.test(e.message)) {
    return `the AWS endpoint did not answer${where}: timed out`;
  }
  switch (code) {
    case "ECONNREFUSED":
      return `cannot reach the AWS endpoint${where}: connection refused`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot reach the AWS endpoint${where}: host not found`;
    case "ETIMEDOUT":
    case "TimeoutError":
      return `cannot reach the AWS endpoint${where}: timed out`;
  }
  if (e.name === "TimeoutError") return `cannot reach the AWS endpoint${where}: timed out`;
  return undefined;
}
