import { sql } from "drizzle-orm";

import type { SearchDb } from "../index";

// CAST: better-sqlite3 binds numbers as REAL, and FTS5 takes these settings only as INTEGER.
/** FTS5's default `automerge` (how many segments of one level trigger a merge). */
export const DEFAULT_AUTOMERGE = 4;

/** The full-text index's `automerge` setting (FTS5 keeps it in documents_fts_config). */
export function readAutomerge(db: SearchDb): number {
  const row = db.get<{ v: number } | undefined>(
    sql`SELECT v FROM documents_fts_config WHERE k = 'automerge'`,
  );
  return row ? Number(row.v) : DEFAULT_AUTOMERGE;
}

/**
 * Set FTS5's `automerge`: 0 to 16. A bulk import raises it so that fewer
 * merges run while it writes (then merges once, see {@link mergeIndex}).
 * Call inside `writer.run`.
 */
export function setAutomerge(db: SearchDb, value: number): void {
  db.run(
    sql`INSERT INTO documents_fts (documents_fts, rank) VALUES ('automerge', CAST(${value} AS INTEGER))`,
  );
}

/**
 * One step of incremental merging of the index's segments (FTS5 'merge', at
 * most `pages` pages written). Returns false once there was nothing left to
 * merge. Call inside `writer.run`, repeatedly.
 */
export function mergeIndex(db: SearchDb, pages = 500): boolean {
  const before = db.get<{ n: number }>(sql`SELECT total_changes() AS n`).n;
  db.run(
    sql`INSERT INTO documents_fts (documents_fts, rank) VALUES ('merge', CAST(${pages} AS INTEGER))`,
  );
  const after = db.get<{ n: number }>(sql`SELECT total_changes() AS n`).n;
  // FTS5's documented test: fewer than two rows written means fully merged.
  return after - before >= 2;
}
