import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  ms: number;
}

/**
 * Copy a live database to `file` with SQLite's online backup API: a
 * consistent snapshot while the app keeps reading and writing. The target
 * must not exist (a backup never overwrites) and must not be the source.
 *
 * @example
 * await backup(quire.sqlite, "/backups/blog-2026-11-26.db");
 */
export async function backup(source: Database.Database | string, file: string): Promise<BackupResult> {
  const target = path.resolve(file);
  const own = typeof source === "string";
  const sourcePath = own ? path.resolve(source) : path.resolve(source.name);
  if (target === sourcePath) throw new Error(`Refusing to back up ${sourcePath} onto itself`);
  if (fs.existsSync(target)) throw new Error(`Backup target ${target} already exists; choose a new file`);
  if (own && !fs.existsSync(sourcePath)) throw new Error(`Database ${sourcePath} does not exist`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
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
    return { file: target, bytes: fs.statSync(target).size, pages, ms: Math.round(performance.now() - started) };
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  } finally {
    if (own) db.close();
  }
}
