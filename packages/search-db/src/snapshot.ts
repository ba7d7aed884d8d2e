import type { SearchDatabase, SearchDb } from "./index";

/**
 * Run several reads as one consistent snapshot. The function is synchronous,
 * so the in-process writer (which commits synchronously between event-loop
 * turns) cannot interleave; the deferred read transaction also pins one WAL
 * snapshot against other processes. A page of documents and their metadata,
 * indexes and attachments therefore always come from the same commit.
 *
 * @example
 * const page = readSnapshot(quire, (db) => { const r = searchDocuments(db, q); return { r, rel: loadDocumentRelations(db, r.rows.map((x) => x.id)) }; });
 */
export function readSnapshot<T>(quire: SearchDatabase, fn: (db: SearchDb) => T): T {
  const { sqlite } = quire;
  if (sqlite.inTransaction) return fn(quire.db);
  sqlite.prepare("BEGIN DEFERRED").run();
  try {
    return fn(quire.db);
  } finally {
    if (sqlite.inTransaction) sqlite.prepare("COMMIT").run();
  }
}
