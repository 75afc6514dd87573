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
  type Tag as IamTag,
} from "@aws-sdk/client-iam";
import type { AccessKey } from "../credentials.ts";
import { CliError } from "../errors.ts";
import { RUN_TAG, type Tag } from "../policy/tags.ts";
import { httpStatusOf, isAwsError, isNoSuchEntity } from "../aws/service-errors.ts";
import { describeError } from "../error-line.ts";
import { deleted } from "../aws/idempotent-delete.ts";

/** Tries of one create call, counting those whose outcome was settled by looking. */
const MAX_ATTEMPTS = 3;

/** The tag every user and role this run creates carries: one process is one run. */
export const THIS_RUN_TAG: Tag = { Key: RUN_TAG, Value: crypto.randomUUID() };

/** The two IAM clients: `once` never retries on its own, `iam` does. */
export interface IamPair {
  iam: IAMClient;
  once: IAMClient;
}

type Pause = (attempt: number) => Promise<void>;

const realPause: Pause = (attempt) =>
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

/** A create call that is not idempotent, and how to settle it when its answer is lost. */
interface UnansweredCreate<T> {
  /**
   * Runs before each try (a listing to compare with after a lost answer);
   * failing once an answer was lost leaves that answer unsettled.
   */
  prepare?(attempt: number): Promise<void>;
  /** Sends the create call once; resolves to what its answer holds. */
  send(): Promise<T>;
  /** What EntityAlreadyExists on the first try yields: the entity was there before this run. */
  existing?(error: unknown): Promise<T>;
  /**
   * Looks at IAM after a try whose outcome is unknown: resolves to what that
   * try made, or undefined to ask again. A CliError it throws is the outcome;
   * any other error means looking failed.
   */
  settle(): Promise<T | undefined>;
}

/**
 * The one retry loop of the three create calls: sends `call` up to
 * MAX_ATTEMPTS times, pausing between tries; a clean refusal other than
 * throttling ends it. After a try whose outcome is unknown (or
 * EntityAlreadyExists once an answer was lost) `call.settle` looks at IAM;
 * throws UnsettledError when looking fails, else the last try's error once
 * the tries run out.
 */
async function sendSettled<T>(call: UnansweredCreate<T>, pause: Pause): Promise<T> {
  let unanswered: unknown;
  for (let attempt = 1;; attempt++) {
    try {
      await call.prepare?.(attempt);
    } catch (error) {
      throw unanswered === undefined ? error : new UnsettledError(unanswered, error);
    }
    try {
      return await call.send();
    } catch (error) {
      const exists = isAwsError(error, "EntityAlreadyExistsException", "EntityAlreadyExists");
      if (exists && unanswered === undefined && call.existing) return await call.existing(error);
      if (exists || outcomeUnknown(error)) {
        unanswered ??= error;
        let made: T | undefined;
        try {
          made = await call.settle();
        } catch (lookup) {
          throw lookup instanceof CliError ? lookup : new UnsettledError(unanswered, lookup);
        }
        if (made !== undefined) return made;
      } else if (!throttled(error)) {
        throw error;
      }
      if (attempt >= MAX_ATTEMPTS) throw error;
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

/** What `lookup` resolves to, or undefined when IAM has no such entity. */
async function unlessMissing<T>(lookup: Promise<T>): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

/** `tags` with this run's tag after them. */
function withRunTag(tags: readonly Tag[] = []): Tag[] {
  return [...tags, THIS_RUN_TAG];
}

/** Whether an entity with `tags` was created by this run: it carries this run's tag. */
function madeByThisRun(tags: readonly IamTag[] = []): boolean {
  return tags.some((tag) => tag.Key === RUN_TAG && tag.Value === THIS_RUN_TAG.Value);
}

/**
 * Creates user `username`, tagged with this run's tag; returns "exists"
 * when it was there before this run. After a lost answer the user is looked
 * up: it is this run's only when it carries this run's tag.
 */
export async function createUserOnce(
  clients: IamPair,
  input: { UserName: string; PermissionsBoundary?: string; Tags?: readonly Tag[] },
  pause: Pause = realPause,
): Promise<"created" | "exists"> {
  return await sendSettled<"created" | "exists">({
    send: async () => {
      await clients.once.send(new CreateUserCommand({ ...input, Tags: withRunTag(input.Tags) }));
      return "created";
    },
    existing: () => Promise.resolve("exists"),
    settle: async () => {
      const found = await unlessMissing(
        clients.iam.send(new GetUserCommand({ UserName: input.UserName })),
      );
      return found && (madeByThisRun(found.User?.Tags) ? "created" : "exists");
    },
  }, pause);
}

/**
 * Creates the role `input.RoleName`, tagged with this run's tag, and
 * returns its ARN. A role found instead (EntityAlreadyExists, or after a
 * lost answer) is returned too, with `created` telling whether this run made
 * it: after a lost answer, whether it carries this run's tag.
 */
export async function createRoleOnce(
  clients: IamPair,
  input: Omit<CreateRoleCommandInput, "Tags"> & { Tags?: readonly Tag[] },
  pause: Pause = realPause,
): Promise<{ arn: string; created: boolean }> {
  const lookUpRole = async () =>
    (await unlessMissing(clients.iam.send(new GetRoleCommand({ RoleName: input.RoleName }))))
      ?.Role;
  return await sendSettled({
    send: async () => {
      const { Role } = await clients.once.send(
        new CreateRoleCommand({ ...input, Tags: withRunTag(input.Tags) }),
      );
      return { arn: Role!.Arn!, created: true };
    },
    existing: async (error) => {
      const role = await lookUpRole();
      // Deleted again since: nothing to use.
      if (!role) throw error;
      return { arn: role.Arn!, created: false };
    },
    settle: async () => {
      const role = await lookUpRole();
      return role && { arn: role.Arn!, created: madeByThisRun(role.Tags) };
    },
  }, pause);
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
  pause?: Pause;
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
  let before: readonly string[] = [];
  /** The keys listed before the first unanswered try, and those deleted since. */
  let known: string[] | undefined;
  const key: IamAccessKey = await sendSettled({
    prepare: async (attempt) => {
      before = (attempt === 1 ? options.keysNow : undefined) ??
        await keyIdsOf(clients.iam, username);
    },
    send: async () =>
      (await clients.once.send(new CreateAccessKeyCommand({ UserName: username }))).AccessKey!,
    settle: async () => {
      known ??= [...before];
      const appeared = keysThatAppeared(before, await keyIdsOf(clients.iam, username));
      if (appeared.length > 1) throw new AppearedKeysError(username, appeared);
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
      // The lost call's key is gone (or never was): ask again.
      return undefined;
    },
  }, options.pause ?? realPause);
  if (known) await nameLateKeys(clients.iam, username, [...known, key.AccessKeyId!], log);
  return {
    UserName: key.UserName!,
    AccessKeyId: key.AccessKeyId!,
    Status: key.Status!,
    SecretAccessKey: key.SecretAccessKey!,
    CreateDate: key.CreateDate,
  };
}
