// Role sessions kept as files in the user's cache directory (s3-credentials/roles), one per key:
// 0600 files in 0700 directories, written whole (temporary file, then rename). A file that is
// corrupt, expired, not this user's, open to others or made for another key is passed over;
// files older than any session can last are removed when a session is written.
import { dirname, join } from "node:path";
import {
  canonicalJson,
  type RoleSessionCache,
  roleSessionHash,
  type RoleSessionKey,
  type SessionCredentials,
} from "../aws/role-session.ts";

/** The cache's folder below the user's cache directory. */
export const ROLE_CACHE_SUBDIRECTORY = join("s3-credentials", "roles");

/** Larger than any session file: a bigger one is not ours. */
const MAX_FILE_BYTES = 64 * 1024;

/** Reads a variable when the run may; a variable Deno's permissions deny counts as unset. */
function allowedEnv(name: string): string | undefined {
  const query = { name: "env", variable: name } as const;
  if (Deno.permissions.querySync(query).state !== "granted") return undefined;
  return Deno.env.get(name) || undefined;
}

/**
 * The user's cache directory as each system places it: %LOCALAPPDATA% on
 * Windows, ~/Library/Caches on macOS, else $XDG_CACHE_HOME (when absolute) or
 * ~/.cache; undefined when the variables it needs are unset.
 */
export function userCacheDirectory(
  env: (name: string) => string | undefined = allowedEnv,
  os: typeof Deno.build.os = Deno.build.os,
): string | undefined {
  if (os === "windows") return env("LOCALAPPDATA");
  const home = env("HOME");
  if (os === "darwin") return home ? join(home, "Library", "Caches") : undefined;
  const xdg = env("XDG_CACHE_HOME");
  if (xdg?.startsWith("/")) return xdg;
  return home ? join(home, ".cache") : undefined;
}

/** This process's user id, or undefined where there is none or the permissions hide it. */
function currentUid(): number | undefined {
  if (Deno.build.os === "windows") return undefined;
  if (Deno.permissions.querySync({ name: "sys", kind: "uid" }).state !== "granted") {
    return undefined;
  }
  return Deno.uid() ?? undefined;
}

/** True for a file or folder this user owns that no one else may read or write. */
function isPrivate(info: Deno.FileInfo, uid: number | undefined): boolean {
  if (uid !== undefined && info.uid !== null && info.uid !== uid) return false;
  return info.mode === null || (info.mode & 0o077) === 0;
}

interface StoredSession {
  readonly version: 1;
  /** What the session is for: the key itself, checked on reading. */
  readonly key: RoleSessionKey;
  readonly credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
    readonly expiration: string;
  };
}

/** The credentials of a stored session for `key`, or undefined for anything else. */
function sessionOf(text: string, key: RoleSessionKey): SessionCredentials | undefined {
  let stored: StoredSession;
  try {
    stored = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (stored?.version !== 1 || typeof stored.key !== "object" || stored.key === null) {
    return undefined;
  }
  if (canonicalJson(stored.key) !== canonicalJson(key)) return undefined;
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = stored.credentials ?? {};
  const expiry = new Date(expiration);
  if (typeof accessKeyId !== "string" || typeof secretAccessKey !== "string") return undefined;
  if (sessionToken !== undefined && typeof sessionToken !== "string") return undefined;
  if (typeof expiration !== "string" || !(expiry.getTime() > Date.now())) return undefined;
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    expiration: expiry,
  };
}

const describe = (error: unknown) => {
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    if (/Requires (read|write) access/.test(String(error))) {
      return "Deno needs --allow-read and --allow-write for it";
    }
  }
  return (error instanceof Error ? error.message : String(error))
    .replace(/\s*\(os error \d+\).*$/s, "");
};

/** Makes `directory` and its parents; the two of the cache end up 0700 and this user's. */
async function ensurePrivateDirectory(directory: string, uid: number | undefined) {
  await Deno.mkdir(directory, { recursive: true, mode: 0o700 });
  for (const path of [dirname(directory), directory]) {
    const info = await Deno.lstat(path);
    if (!info.isDirectory) throw new Error(`'${path}' is not a directory`);
    if (uid !== undefined && info.uid !== null && info.uid !== uid) {
      throw new Error(`'${path}' belongs to uid ${info.uid}`);
    }
    if (info.mode !== null && (info.mode & 0o077) !== 0) await Deno.chmod(path, 0o700);
  }
}

/** No role session lasts longer (AssumeRole's longest duration): older files are only litter. */
const LONGEST_SESSION_MS = 12 * 60 * 60_000;

/** Removes this user's files of `directory` last written before any session could still last. */
async function removeStale(directory: string, uid: number | undefined): Promise<void> {
  const before = Date.now() - LONGEST_SESSION_MS;
  for await (const entry of Deno.readDir(directory)) {
    if (!entry.isFile || !/\.(json|tmp)$/.test(entry.name)) continue;
    const path = join(directory, entry.name);
    const info = await Deno.lstat(path).catch(() => undefined);
    if (!info?.mtime || info.mtime.getTime() >= before) continue;
    if (uid !== undefined && info.uid !== uid) continue;
    await Deno.remove(path).catch(() => {});
  }
}

export interface RoleSessionFilesOptions {
  /** The user's cache directory; the sessions go below it, in s3-credentials/roles. */
  readonly cacheDirectory: string | undefined;
  /** Says a write failure, once per run (the command goes on). */
  readonly warn: (line: string) => void;
}

/** Role sessions in files below `cacheDirectory`; without one, nothing is kept. */
export function roleSessionFiles(options: RoleSessionFilesOptions): RoleSessionCache {
  const directory = options.cacheDirectory
    ? join(options.cacheDirectory, ROLE_CACHE_SUBDIRECTORY)
    : undefined;
  let warned = false;
  return {
    async get(key) {
      if (!directory) return undefined;
      const path = join(directory, `${roleSessionHash(key)}.json`);
      try {
        const uid = currentUid();
        const folder = await Deno.lstat(directory);
        const link = await Deno.lstat(path);
        if (!folder.isDirectory || !isPrivate(folder, uid) || !link.isFile) return undefined;
        using file = await Deno.open(path, { read: true });
        const info = await file.stat();
        if (!isPrivate(info, uid) || info.size > MAX_FILE_BYTES) return undefined;
        const bytes = new Uint8Array(info.size);
        let read = 0;
        while (read < bytes.length) {
          const n = await file.read(bytes.subarray(read));
          if (n === null) break;
          read += n;
        }
        return sessionOf(new TextDecoder().decode(bytes.subarray(0, read)), key);
      } catch {
        return undefined;
      }
    },
    async put(key, credentials) {
      if (!directory || !credentials.expiration) return;
      const path = join(directory, `${roleSessionHash(key)}.json`);
      const stored: StoredSession = {
        version: 1,
        key,
        credentials: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
          expiration: credentials.expiration.toISOString(),
        },
      };
      const temporary = join(directory, `.${crypto.randomUUID().slice(0, 8)}.tmp`);
      try {
        await ensurePrivateDirectory(directory, currentUid());
        await Deno.writeTextFile(temporary, `${JSON.stringify(stored, null, 2)}\n`, {
          mode: 0o600,
          createNew: true,
        });
        await Deno.rename(temporary, path);
      } catch (error) {
        await Deno.remove(temporary).catch(() => {});
        if (!warned) {
          warned = true;
          options.warn(
            `the role's session was not cached in ${directory} (${describe(error)}): ` +
              "the next run assumes the role again",
          );
        }
        return;
      }
      await removeStale(directory, currentUid()).catch(() => {});
    },
  };
}
