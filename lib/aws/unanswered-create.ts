// CreateUser, CreateRole and CreateAccessKey are not idempotent: when an answer is lost the change
// may still have been made, and a blind retry would act twice. These helpers send them once per
// attempt and, after a failure whose outcome is unknown, look at IAM to settle what happened.
import {
  type AccessKey as IamAccessKey,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  type CreateRoleCommandInput,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetRoleCommand,
  GetUserCommand,
  type IAMClient,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import type { AccessKey } from "../credentials.ts";
import { CliError } from "../errors.ts";
import type { Tag } from "../policy/tags.ts";
import { httpStatusOf, isAwsError, isNoSuchEntity } from "./clients.ts";
import { describeError } from "./describe-error.ts";
import { deleted } from "./idempotent-delete.ts";

/** Tries of one create call, counting those whose outcome was settled by looking. */
const MAX_ATTEMPTS = 3;
/**
 * An entity whose CreateDate is this much earlier than our first create call still counts
 * as ours: IAM's CreateDate and the Date header have one-second resolution, and the servers'
 * clocks differ slightly.
 */
const DATE_SLACK_MS = 1500;

/** The two IAM clients: `once` never retries on its own, `iam` does. */
export interface IamPair {
  iam: IAMClient;
  once: IAMClient;
}

const realPause = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, 250 * attempt));

/**
 * True when a failed call may still have taken effect: no answer came
 * (connection lost, timeout), the server failed (5xx), or an answer came that
 * could not be read. A clean 4xx refusal changed nothing.
 */
export function outcomeUnknown(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === undefined || status < 400 || status >= 500;
}

function throttled(error: unknown): boolean {
  return isAwsError(error, "Throttling", "ThrottlingException") || httpStatusOf(error) === 429;
}

/** A lost answer that could not be settled: looking at IAM failed too. */
export class UnsettledError extends Error {
  constructor(readonly original: unknown, readonly lookup: unknown) {
    super("the outcome of an unanswered IAM call could not be checked");
    this.name = "UnsettledError";
  }
}

/** What looking found: the entity, when IAM made it, and the server's time of the answer. */
interface Found<T> {
  value: T;
  createDate?: Date;
  serverTime?: number;
}

/** A deserialize middleware, for any command, that hands the answer's Date header to `note`. */
function serverTimeTo(note: (time: number) => void) {
  return <A, R extends { response: unknown }>(next: (args: A) => Promise<R>) =>
  async (args: A): Promise<R> => {
    const result = await next(args);
    const date = (result.response as { headers?: Record<string, string> }).headers?.date;
    if (date && !Number.isNaN(Date.parse(date))) note(Date.parse(date));
    return result;
  };
}

const SERVER_TIME_STEP = { step: "deserialize", name: "s3CredentialsServerDate" } as const;

/** A command serverTimeTo can be added to (GetUser, GetRole). */
interface TimedCommand {
  middlewareStack: {
    add(middleware: ReturnType<typeof serverTimeTo>, options: typeof SERVER_TIME_STEP): void;
  };
}

/**
 * Sends the GetUser or GetRole `command` through `send`: undefined when
 * there is no such entity, else its output and the server's clock from the
 * answer's Date header when there is one.
 */
async function lookUp<O>(
  command: TimedCommand,
  send: () => Promise<O>,
): Promise<{ output: O; serverTime?: number } | undefined> {
  let serverTime: number | undefined;
  command.middlewareStack.add(serverTimeTo((time) => serverTime = time), SERVER_TIME_STEP);
  try {
    return { output: await send(), serverTime };
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

/**
 * Whether `found` was made by a create call sent at `sentAt`
 * (`performance.now()`): its CreateDate is no earlier than that moment on
 * the server's clock, reckoned as the server's time now (the Date header,
 * else our clock) minus the time elapsed here, so clock skew does not count.
 */
function madeSince(found: Found<unknown>, sentAt: number): boolean {
  const sent = (found.serverTime ?? Date.now()) - (performance.now() - sentAt) - DATE_SLACK_MS;
  return found.createDate !== undefined && found.createDate.getTime() >= sent;
}

/** A create call that is not idempotent, and how to settle it when its answer is lost. */
interface UnansweredCreate<T> {
  /** Sends the create call once; resolves to what its answer holds. */
  send(): Promise<T>;
  /** Looks the entity up (with the normal, retrying client): undefined when missing. */
  lookUp(): Promise<Found<T> | undefined>;
  /** What EntityAlreadyExists on the first try yields: the entity was there before this run. */
  existing(error: unknown): Promise<T>;
}

/**
 * Runs `call.send` up to MAX_ATTEMPTS times. After a failure whose outcome
 * is unknown the entity is looked up: one made since our first try counts as
 * created by this run, an older one as existing; a missing one is asked for
 * again. Throws UnsettledError when the lookup fails.
 */
async function createSettled<T>(
  call: UnansweredCreate<T>,
  pause: (attempt: number) => Promise<void>,
): Promise<{ value: T; created: boolean }> {
  const sentAt = performance.now();
  let unanswered: unknown;
  for (let attempt = 1;; attempt++) {
    try {
      return { value: await call.send(), created: true };
    } catch (error) {
      const exists = isAwsError(error, "EntityAlreadyExistsException", "EntityAlreadyExists");
      if (exists && unanswered === undefined) {
        return { value: await call.existing(error), created: false };
      }
      if (!exists && !outcomeUnknown(error)) {
        if (!throttled(error) || attempt >= MAX_ATTEMPTS) throw error;
        await pause(attempt);
        continue;
      }
      unanswered ??= error;
      let found;
      try {
        found = await call.lookUp();
      } catch (lookup) {
        throw new UnsettledError(unanswered, lookup);
      }
      if (found) return { value: found.value, created: madeSince(found, sentAt) };
      if (exists || attempt >= MAX_ATTEMPTS) throw error;
      await pause(attempt);
    }
  }
}

/** Runs `call`; when its outcome could not be settled, marks that and throws the original error. */
export async function settled<T>(call: () => Promise<T>, mark: () => void): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof UnsettledError)) throw error;
    mark();
    throw error.original;
  }
}

/**
 * Creates user `username`; returns "exists" when it was there before this
 * run. After a lost answer the user is looked up: one created since our first
 * CreateUser counts as created by this run.
 */
export async function createUserOnce(
  clients: IamPair,
  input: { UserName: string; PermissionsBoundary?: string; Tags?: Tag[] },
  pause: (attempt: number) => Promise<void> = realPause,
): Promise<"created" | "exists"> {
  const { created } = await createSettled({
    send: async () => {
      await clients.once.send(new CreateUserCommand(input));
    },
    lookUp: async () => {
      const command = new GetUserCommand({ UserName: input.UserName });
      const got = await lookUp(command, () => clients.iam.send(command));
      return got &&
        { value: undefined, createDate: got.output.User?.CreateDate, serverTime: got.serverTime };
    },
    existing: () => Promise.resolve(),
  }, pause);
  return created ? "created" : "exists";
}

/**
 * Creates the role `input.RoleName` and returns its ARN. A role found
 * instead (EntityAlreadyExists, or after a lost answer) is returned too,
 * with `created` telling whether this run made it.
 */
export async function createRoleOnce(
  clients: IamPair,
  input: CreateRoleCommandInput,
  pause: (attempt: number) => Promise<void> = realPause,
): Promise<{ arn: string; created: boolean }> {
  const lookUpRole = async () => {
    const command = new GetRoleCommand({ RoleName: input.RoleName });
    const got = await lookUp(command, () => clients.iam.send(command));
    if (!got) return undefined;
    const { Arn, CreateDate } = got.output.Role!;
    return { value: Arn!, createDate: CreateDate, serverTime: got.serverTime };
  };
  const { value: arn, created } = await createSettled({
    send: async () => (await clients.once.send(new CreateRoleCommand(input))).Role!.Arn!,
    lookUp: lookUpRole,
    existing: async (error) => {
      const found = await lookUpRole();
      // Deleted again since: nothing to use.
      if (!found) throw error;
      return found.value;
    },
  }, pause);
  return { arn, created };
}

/** The IDs of the access keys of `username` (IAM allows two: one page). */
async function keyIdsOf(iam: IAMClient, username: string): Promise<string[]> {
  const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: username }));
  return (AccessKeyMetadata ?? []).map((key) => key.AccessKeyId!);
}

/**
 * The keys listed `after` a CreateAccessKey whose answer was lost that were
 * not listed just `before` it was sent: those that appeared while it was in flight.
 */
function keysThatAppeared(before: readonly string[], after: readonly string[]): string[] {
  return after.filter((id) => !before.includes(id));
}

/** Several keys appeared while CreateAccessKey's answer was lost: another run may hold one. */
export class AppearedKeysError extends CliError {
  constructor(readonly username: string, readonly keys: readonly string[]) {
    super(
      `CreateAccessKey got no answer and meanwhile access keys ${keys.join(", ")} appeared on ` +
        `user ${username}: another run may hold one, so none was deleted; delete the one whose ` +
        `secret nobody has with s3-credentials delete-access-key KEY --username ${username}`,
    );
    this.name = "AppearedKeysError";
  }
}

/** Logs the keys of `username` outside `known`: shown late, their holder unknown, left in place. */
async function nameLateKeys(
  iam: IAMClient,
  username: string,
  known: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  let late: string[];
  try {
    late = keysThatAppeared(known, await keyIdsOf(iam, username));
  } catch (error) {
    // The key we hold is good: deliver it, and say a stray one may remain.
    log(
      `Could not check user ${username} for a stray access key (${describeError(error)}): ` +
        `see aws iam list-access-keys --user-name ${username}`,
    );
    return;
  }
  for (const id of late) {
    log(
      `Access key ${id} of user ${username} appeared while CreateAccessKey's answer was lost ` +
        `and is left in place: if nobody holds its secret, delete it with ` +
        `s3-credentials delete-access-key ${id} --username ${username}`,
    );
  }
}

/** How createAccessKeyOnce starts and waits. */
export interface CreateAccessKeyOptions {
  /** The user's keys, listed by the caller just now (else they are listed first). */
  keysNow?: readonly string[];
  pause?: (attempt: number) => Promise<void>;
}

/**
 * Creates an access key for `username`. Each try lists the user's keys just
 * before sending CreateAccessKey, so that after a lost answer the keys that
 * appeared meanwhile are known: a single one is the lost call's, whose
 * secret nobody has, and is deleted before asking again; several mean that
 * another run made one too, and none is deleted (AppearedKeysError). Once a
 * key is made after a lost answer, a last look names any key IAM showed late.
 */
export async function createAccessKeyOnce(
  clients: IamPair,
  username: string,
  log: (line: string) => void,
  options: CreateAccessKeyOptions = {},
): Promise<AccessKey> {
  const pause = options.pause ?? realPause;
  let unanswered: unknown;
  /** The keys listed before the first unanswered try, and those deleted since. */
  let known: string[] | undefined;
  for (let attempt = 1;; attempt++) {
    let before: readonly string[];
    try {
      before = (attempt === 1 ? options.keysNow : undefined) ??
        await keyIdsOf(clients.iam, username);
    } catch (error) {
      throw unanswered === undefined ? error : new UnsettledError(unanswered, error);
    }
    let key: IamAccessKey | undefined;
    try {
      ({ AccessKey: key } = await clients.once.send(
        new CreateAccessKeyCommand({ UserName: username }),
      ));
    } catch (error) {
      if (!outcomeUnknown(error)) {
        if (!throttled(error) || attempt >= MAX_ATTEMPTS) throw error;
        await pause(attempt);
        continue;
      }
      unanswered ??= error;
      known ??= [...before];
      let appeared: string[];
      try {
        appeared = keysThatAppeared(before, await keyIdsOf(clients.iam, username));
        if (appeared.length === 1) {
          const [AccessKeyId] = appeared;
          await deleted(
            clients.iam.send(new DeleteAccessKeyCommand({ UserName: username, AccessKeyId })),
          );
          known.push(AccessKeyId);
          log(
            `Deleted access key ${AccessKeyId}, whose secret was lost with CreateAccessKey's answer`,
          );
        }
      } catch (lookup) {
        throw new UnsettledError(unanswered, lookup);
      }
      if (appeared.length > 1) throw new AppearedKeysError(username, appeared);
      if (attempt >= MAX_ATTEMPTS) throw error;
      await pause(attempt);
      continue;
    }
    if (known) await nameLateKeys(clients.iam, username, [...known, key!.AccessKeyId!], log);
    return {
      UserName: key!.UserName!,
      AccessKeyId: key!.AccessKeyId!,
      Status: key!.Status!,
      SecretAccessKey: key!.SecretAccessKey!,
      CreateDate: key!.CreateDate,
    };
  }
}
