import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type BetterSqlite3 from "better-sqlite3";
// The same better-sqlite3 API over SQLite3MultipleCiphers. Its native addon is
// loaded on the first `new`, so importing it costs nothing when no key is given.
import CipherDatabase from "better-sqlite3-multiple-ciphers";

import { DatabaseStartupError } from "./errors";

/**
 * The on-disk format of every encrypted Quire file: SQLCipher 4 (AES-256-CBC,
 * HMAC-SHA512 per page, PBKDF2-SHA512 with 256 000 iterations, 4 KiB pages,
 * no plaintext header), readable by any SQLCipher 4 tool.
 */
export const CIPHER_PRAGMAS = ["cipher = 'sqlcipher'", "legacy = 4"] as const;

/** The first 16 bytes of every unencrypted SQLite file. */
const PLAIN_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** Connections opened with a key → the key, so `backup()` keeps their copies encrypted. */
const keys = new WeakMap<BetterSqlite3.Database, string>();

/** The key a connection was opened with by {@link openEncrypted}, if any. */
export function encryptionKeyOf(db: BetterSqlite3.Database): string | undefined {
  return keys.get(db);
}

function sqliteCode(error: unknown): string {
  return (error as { code?: string } | null)?.code ?? "";
}

/** True when the file starts with SQLite's plaintext header (an unencrypted database). */
export function isPlainSqliteFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, "r");
    const head = Buffer.alloc(PLAIN_HEADER.length);
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(PLAIN_HEADER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function assertUsableKey(file: string, key: string | undefined) {
  if (key !== undefined && key.length === 0) {
    throw new DatabaseStartupError(file, "the encryption key is empty. Give a non-empty key, or none for an unencrypted file.");
  }
}

/**
 * Why a keyed open failed, in words a user can act on. Nothing was written:
 * SQLite cannot decrypt page 1, so it never gets as far as the WAL.
 */
export function wrongKeyReason(file: string): string {
  return isPlainSqliteFile(file)
    ? "the file is an unencrypted SQLite database, but an encryption key was given. " +
        "Remove the key, or encrypt the file first (rekeyDatabase)."
    : "wrong encryption key, or the file is not an encrypted Quire database";
}

/**
 * A connection to an SQLCipher 4 file (created if missing), keyed before any
 * other statement and checked by reading page 1. `key` undefined opens the
 * file unencrypted through the cipher library (used to encrypt a plain file).
 * Throws the raw SQLite error (`SQLITE_NOTADB` for a wrong key); the caller
 * words it. The connection is closed on failure.
 */
export function openEncrypted(
  file: string,
  key: string | undefined,
  options: { readonly?: boolean; fileMustExist?: boolean } = {},
): BetterSqlite3.Database {
  // Same API, separate type declarations: the @types/better-sqlite3 ones are what every caller uses.
  const db = new CipherDatabase(file, options) as unknown as BetterSqlite3.Database & {
    key(key: Buffer): number;
  };
  try {
    for (const pragma of CIPHER_PRAGMAS) db.pragma(pragma);
    // sqlite3_key with the raw bytes: no SQL quoting of a secret. A key of the
    // form x'<64 hex digits>' is a raw 256-bit key (no PBKDF2), as in SQLCipher.
    if (key !== undefined) db.key(Buffer.from(key, "utf8"));
    db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get();
  } catch (error) {
    db.close();
    throw error;
  }
  if (key !== undefined) keys.set(db, key);
  return db;
}

/** Steps of {@link rekeyDatabase}, reported to `onStep` (tests stop the process at each). */
export type RekeyStep = "locked" | "copied" | "rekeyed" | "verified" | "synced" | "renamed";

export interface RekeyOptions {
  /** The current key; undefined when the file is not encrypted yet. */
  oldKey: string | undefined;
  /** The new key; undefined to remove the encryption. */
  newKey: string | undefined;
  /** How long to wait for other connections to let go (ms). */
  busyTimeoutMs?: number;
  /** Called synchronously after each step. */
  onStep?: (step: RekeyStep) => void;
}

function fsyncPath(p: string, flags: string) {
  const fd = fs.openSync(p, flags);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function removeWithSidecars(file: string) {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
}

/**
 * Change a database file's encryption key, atomically: at every instant the
 * file opens with either the old key or the new one, never neither, even if
 * the process is killed half-way. Also encrypts a plain file (`oldKey`
 * undefined) or decrypts one (`newKey` undefined).
 *
 * How: take the file out of WAL mode and hold an exclusive lock (so it is one
 * self-contained file that nobody writes), copy it next to itself, rekey the
 * copy (`sqlite3_rekey` rewrites every page, in rollback-journal mode where
 * SQLite3MultipleCiphers supports it), check the copy opens with the new key
 * and passes `quick_check`, fsync it, `rename(2)` it over the original, fsync
 * the directory. A copy left by a killed run is removed by the next one. The
 * file is left in rollback-journal mode; `openDatabase` turns WAL back on.
 *
 * Fails with {@link DatabaseStartupError} when the old key is wrong, and with
 * SQLITE_BUSY when another connection has the file open.
 *
 * @example
 * rekeyDatabase(quire.path, { oldKey: env.OLD_KEY, newKey: env.NEW_KEY }); // with the database closed
 */
export function rekeyDatabase(file: string, options: RekeyOptions): void {
  const absolute = path.resolve(file);
  const { oldKey, newKey, onStep = () => {} } = options;
  assertUsableKey(absolute, oldKey);
  assertUsableKey(absolute, newKey);
  if (!fs.existsSync(absolute)) throw new DatabaseStartupError(absolute, "the file does not exist");

  let source: BetterSqlite3.Database;
  try {
    source = openEncrypted(absolute, oldKey, { fileMustExist: true });
  } catch (error) {
    const code = sqliteCode(error);
    const reason =
      code === "SQLITE_NOTADB" && oldKey !== undefined ? wrongKeyReason(absolute) : (error as Error).message;
    throw new DatabaseStartupError(absolute, reason, { cause: error });
  }

  const dir = path.dirname(absolute);
  const base = path.basename(absolute);
  const leftover = (name: string) => name.startsWith(`.${base}.rekey-`);
  const temp = path.join(dir, `.${base}.rekey-${process.pid}-${randomBytes(4).toString("hex")}`);
  let renamed = false;
  const originalMode = String(source.pragma("journal_mode", { simple: true }));
  try {
    source.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 2000))}`);
    // Checkpoints the WAL into the file and deletes it: the file alone is the
    // whole database. Fails with SQLITE_BUSY while another connection has it open.
    const mode = source.pragma("journal_mode = DELETE", { simple: true });
    if (mode !== "delete") throw new Error(`cannot leave ${String(mode)} journal mode`);
    // An exclusive lock without a write: no journal is created, nobody else reads or writes.
    source.exec("BEGIN EXCLUSIVE");
    for (const name of fs.readdirSync(dir)) if (leftover(name)) removeWithSidecars(path.join(dir, name));
    onStep("locked");

    fs.copyFileSync(absolute, temp, fs.constants.COPYFILE_EXCL);
    onStep("copied");

    const copy = openEncrypted(temp, oldKey, { fileMustExist: true }) as BetterSqlite3.Database & {
      rekey(key: Buffer): number;
    };
    try {
      copy.rekey(Buffer.from(newKey ?? "", "utf8"));
    } finally {
      copy.close();
    }
    onStep("rekeyed");

    const check = openEncrypted(temp, newKey, { fileMustExist: true });
    try {
      const result = check.pragma("quick_check", { simple: true });
      if (result !== "ok") throw new Error(`the rekeyed copy failed quick_check: ${String(result)}`);
    } finally {
      check.close();
    }
    for (const suffix of ["-journal", "-wal"]) {
      if (fs.existsSync(`${temp}${suffix}`)) throw new Error(`the rekeyed copy left a ${suffix} file behind`);
    }
    onStep("verified");

    fsyncPath(temp, "r+");
    onStep("synced");

    fs.renameSync(temp, absolute);
    renamed = true;
    fsyncPath(dir, "r");
    onStep("renamed");
  } catch (error) {
    if (!renamed) removeWithSidecars(temp);
    throw error;
  } finally {
    if (source.inTransaction) source.exec("ROLLBACK");
    // After the rename the source connection holds the old, unlinked inode: just let it go.
    if (!renamed && originalMode === "wal") {
      try {
        source.pragma("journal_mode = WAL");
      } catch {
        // Still a valid database in rollback mode; openDatabase switches it back.
      }
    }
    source.close();
  }
}
