import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

import { encryptionKeyOf, isPlainSqliteFile, openEncrypted } from "./encryption";

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  ms: number;
  /** True when the copy is encrypted with the source's key. */
  encrypted: boolean;
}

export interface BackupOptions {
  /**
   * The source's encryption key. Needed when `source` is the path of an
   * encrypted file; a connection from `openDatabase` with a key brings its own.
   */
  encryptionKey?: string;
}

/**
 * Copy a live database to `file` with SQLite's online backup API: a
 * consistent snapshot while the app keeps reading and writing. The target
 * must not exist (a backup never overwrites) and must not be the source.
 *
 * An encrypted database gives an encrypted copy, with the same key and
 * format: SQLite3MultipleCiphers refuses the backup API between an encrypted
 * source and a plain target, so the copy is written by `VACUUM INTO` (one
 * read transaction: a consistent snapshot that does not block WAL writers,
 * and pages encrypted as they are written — no plaintext ever reaches the
 * disk), then fsynced and checked to open with the key.
 *
 * @example
 * await backup(quire.sqlite, "/backups/blog-2026-11-26.db");
 */
export async function backup(
  source: Database.Database | string,
  file: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const target = path.resolve(file);
  const own = typeof source === "string";
  const sourcePath = own ? path.resolve(source) : path.resolve(source.name);
  if (target === sourcePath) throw new Error(`Refusing to back up ${sourcePath} onto itself`);
  if (fs.existsSync(target)) throw new Error(`Backup target ${target} already exists; choose a new file`);
  if (own && !fs.existsSync(sourcePath)) throw new Error(`Database ${sourcePath} does not exist`);
  const key = options.encryptionKey ?? (own ? undefined : encryptionKeyOf(source));
  if (key !== undefined && key.length === 0) throw new Error("The encryption key is empty");
  if (key === undefined && own && fs.statSync(sourcePath).size > 0 && !isPlainSqliteFile(sourcePath)) {
    throw new Error(`Database ${sourcePath} is encrypted or not a SQLite database: give its encryption key`);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (key !== undefined) return encryptedBackup(source, sourcePath, target, key);
  const db = own ? new Database(sourcePath, { readonly: true, fileMustExist: true }) : source;
  const started = performance.now();
  try {
    let pages = 0;
    let lastRemaining = Infinity;
    await db.backup(target, {
      progress({ totalPages, remainingPages }) {
        pages = totalPages;
        // A write through any other connection restarts the copy at the next
        // step, so small steps never finish on a busy database. Copy the rest
        // in one step then: in WAL that step reads a snapshot and does not
        // block writers. Small steps only keep our own event loop responsive.
        const restarted = remainingPages >= lastRemaining;
        lastRemaining = remainingPages;
        return own || restarted ? 0x7fffffff : 256;
      },
    });
    return { file: target, bytes: fs.statSync(target).size, pages, ms: Math.round(performance.now() - started), encrypted: false };
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  } finally {
    if (own) db.close();
  }
}

function encryptedBackup(source: Database.Database | string, sourcePath: string, target: string, key: string): BackupResult {
  const own = typeof source === "string";
  let db: Database.Database;
  try {
    db = own ? openEncrypted(sourcePath, key, { readonly: true, fileMustExist: true }) : source;
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(
      code === "SQLITE_NOTADB"
        ? isPlainSqliteFile(sourcePath)
          ? `Database ${sourcePath} is not encrypted, but an encryption key was given`
          : `Cannot open ${sourcePath}: wrong encryption key, or not an encrypted database`
        : (error as Error).message,
      { cause: error },
    );
  }
  const started = performance.now();
  try {
    if (db.inTransaction) throw new Error("Cannot back up an encrypted database inside an open transaction");
    // VACUUM INTO writes the copy with the connection's cipher and key (the backup API would refuse).
    db.prepare("VACUUM INTO ?").run(target);
    // VACUUM INTO does not sync the file it writes.
    const fd = fs.openSync(target, "r+");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (isPlainSqliteFile(target)) throw new Error("The copy of an encrypted database came out unencrypted");
    const check = openEncrypted(target, key, { readonly: true, fileMustExist: true });
    let pages: number;
    try {
      pages = check.pragma("page_count", { simple: true }) as number;
    } finally {
      check.close();
    }
    return { file: target, bytes: fs.statSync(target).size, pages, ms: Math.round(performance.now() - started), encrypted: true };
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  } finally {
    if (own) db.close();
  }
}
