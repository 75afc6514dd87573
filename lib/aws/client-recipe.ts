// What an S3 client made for a run (clients.ts) was made with, as plain
// data: the lean requests (object-requests.ts) read its time limit from it,
// and get-objects' helper thread (lib/transfer/helper-downloads.ts) makes a
// client of its own from it, since a client cannot be posted to a thread.
import type { S3Client } from "@aws-sdk/client-s3";
import type { AwsCredentialIdentity } from "./credential-provider.ts";

/** How an S3 client was made: its settings that are not the defaults, and no credentials. */
export interface ClientRecipe {
  readonly region: string;
  readonly profile?: string;
  readonly endpoint?: string;
  readonly forcePathStyle?: boolean;
  readonly requestChecksumCalculation?: "WHEN_REQUIRED";
  readonly responseChecksumValidation?: "WHEN_REQUIRED";
  /** How long the requests sent beside the client's stack wait for an answer to begin. */
  readonly responseTimeoutMs: number;
}

const recipes = new WeakMap<object, ClientRecipe>();

/** Records how `client` was made. */
export function setRecipe(client: object, recipe: ClientRecipe): void {
  recipes.set(client, recipe);
}

/** How `client` was made, if createClients made it. */
export function recipeOf(client: object): ClientRecipe | undefined {
  return recipes.get(client);
}

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * A client made as `recipe` says, signing with what `credentials` gives,
 * that tries each request once: a caller that can hand a failed request
 * to the run's own client wants no retries of its own.
 */
export async function clientFromRecipe(
  recipe: ClientRecipe,
  credentials: () => Promise<AwsCredentialIdentity>,
): Promise<S3Client> {
  const { S3Client } = await import("@aws-sdk/client-s3");
  const { responseTimeoutMs: _, ...settings } = recipe;
  const client = new S3Client({ ...settings, credentials, maxAttempts: 1, logger: silent });
  setRecipe(client, recipe);
  return client;
}
