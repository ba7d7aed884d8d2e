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

/** One migration: its drizzle-kit tag and SQL text. */
export interface Migration {
  tag: string;
  sql: string;
}

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

/**
 * Read a drizzle-kit migrations folder (`meta/_journal.json` plus `<tag>.sql`:
 * generated ones and `drizzle-kit generate --custom` hand-written ones for
 * FTS5 tables and triggers) in journal order.
 */
export function readMigrationsFolder(folder: string): Migration[] {
  const journalPath = path.join(folder, "meta", "_journal.json");
  const entries = (JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: JournalEntry[] }).entries;
  return [...entries]
    .sort((a, b) => a.idx - b.idx)
    .map((e) => ({ tag: e.tag, sql: fs.readFileSync(path.join(folder, `${e.tag}.sql`), "utf8") }));
}

/**
 * Apply migrations in order, each in its own `BEGIN IMMEDIATE` transaction,
 * recorded in `_quire_migrations`. `source` is a drizzle-kit folder or the
 * list embedded in a package (`migrations.generated.ts`, so bundlers need no
 * file paths).
 *
 * Our own runner rather than drizzle's: it takes the write lock before it
 * looks at what is applied, so several processes starting on one file at once
 * neither race nor hit SQLITE_BUSY, and a failure names the file and the
 * migration.
 */
export function migrate(sqlite: BetterSqlite3.Database, source: string | Migration[]): MigrationResult {
  const file = sqlite.name;
  let migrations: Migration[];
  try {
    migrations = typeof source === "string" ? readMigrationsFolder(source) : source;
  } catch (error) {
    throw new DatabaseStartupError(file, `cannot read migrations from ${typeof source === "string" ? source : "the embedded list"}: ${(error as Error).message}`, { cause: error });
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
  for (const { tag, sql: text } of migrations) {
    sqlite.exec("BEGIN IMMEDIATE");
    try {
      if (isApplied.get(tag)) {
        skipped++;
        sqlite.exec("COMMIT");
        continue;
      }
      // drizzle-kit separates statements with `--> statement-breakpoint`,
      // an SQL comment, so the whole file runs as one script.
      sqlite.exec(text);
      record.run(tag, createHash("sha256").update(text).digest("hex"), Date.now());
      sqlite.exec("COMMIT");
      applied.push(tag);
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      throw new DatabaseStartupError(
        file,
        `migration ${tag} failed: ${(error as Error).message}. Nothing of it was applied.`,
        { cause: error },
      );
    }
  }
  return { applied, skipped };
}
