import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type BetterSqlite3 from "better-sqlite3";

import { DatabaseStartupError } from "./errors";

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

/**
 * Apply the SQL migrations of a drizzle-kit folder (`meta/_journal.json` plus
 * `<tag>.sql`: generated ones and `drizzle-kit generate --custom` hand-written
 * ones for FTS5 tables and triggers), in journal order, each in its own
 * `BEGIN IMMEDIATE` transaction, recorded in `_quire_migrations`.
 *
 * Our own runner rather than drizzle's: it takes the write lock before it
 * looks at what is applied, so several processes starting on one file at once
 * neither race nor hit SQLITE_BUSY, and a failure names the file and the
 * migration.
 */
export function migrate(sqlite: BetterSqlite3.Database, folder: string): MigrationResult {
  const file = sqlite.name;
  const journalPath = path.join(folder, "meta", "_journal.json");
  let entries: JournalEntry[];
  try {
    entries = (JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: JournalEntry[] }).entries;
  } catch (error) {
    throw new DatabaseStartupError(file, `cannot read migration journal ${journalPath}`, { cause: error });
  }
  sqlite.exec(`CREATE TABLE IF NOT EXISTS _quire_migrations (
    tag TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const isApplied = sqlite.prepare("SELECT 1 FROM _quire_migrations WHERE tag = ?").pluck();
  const record = sqlite.prepare("INSERT INTO _quire_migrations (tag, hash, applied_at) VALUES (?, ?, ?)");

  const applied: string[] = [];
  let skipped = 0;
  for (const entry of [...entries].sort((a, b) => a.idx - b.idx)) {
    const sqlPath = path.join(folder, `${entry.tag}.sql`);
    let text: string;
    try {
      text = fs.readFileSync(sqlPath, "utf8");
    } catch (error) {
      throw new DatabaseStartupError(file, `cannot read migration ${entry.tag} (${sqlPath})`, { cause: error });
    }
    sqlite.exec("BEGIN IMMEDIATE");
    try {
      if (isApplied.get(entry.tag)) {
        skipped++;
        sqlite.exec("COMMIT");
        continue;
      }
      // drizzle-kit separates statements with `--> statement-breakpoint`,
      // an SQL comment, so the whole file runs as one script.
      sqlite.exec(text);
      record.run(entry.tag, createHash("sha256").update(text).digest("hex"), Date.now());
      sqlite.exec("COMMIT");
      applied.push(entry.tag);
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      throw new DatabaseStartupError(
        file,
        `migration ${entry.tag} (${sqlPath}) failed: ${(error as Error).message}. Nothing of it was applied.`,
        { cause: error },
      );
    }
  }
  return { applied, skipped };
}
