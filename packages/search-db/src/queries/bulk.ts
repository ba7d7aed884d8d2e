import type { QuireDatabase } from "@quire/db";

import type { SearchDb } from "../index";
import { typedMetadata } from "./metadata";

type Sqlite = QuireDatabase["sqlite"];

/** One document of a bulk import, already validated. */
export interface BulkRow {
  /** Upsert key: a document with this identifier is updated in place. */
  identifier: string | null;
  title: string | null;
  content: string;
  /** Replaces the document's metadata; undefined keeps an updated document's metadata. */
  metadata: Record<string, string> | undefined;
}

export interface BulkOutcome {
  created: number;
  updated: number;
  /** Document ids, in input order. */
  ids: number[];
}

// Raw prepared statements on the connection under drizzle, made once: a bulk
// import runs them hundreds of thousands of times, and drizzle's per-call
// mapping cost as much as the inserts themselves (measured: 6.3k vs 9k docs/s).
function prepare(sqlite: Sqlite) {
  return {
    findId: sqlite.prepare<[string], { id: number }>(
      "SELECT id FROM documents WHERE identifier = ?",
    ),
    update: sqlite.prepare<[string | null, string, number]>(
      "UPDATE documents SET title = ?, content = ?, updated_at = unixepoch('subsec') * 1000 WHERE id = ?",
    ),
    clearMetadata: sqlite.prepare<[number]>("DELETE FROM metadata WHERE document_id = ?"),
    /** Multi-row statements by row count (at most MAX_ROWS of each kind, so the cache stays small). */
    many: new Map<string, Statement>(),
  };
}

const prepareMany = (sqlite: Sqlite, text: string) => sqlite.prepare<unknown[]>(text);
type Statement = ReturnType<typeof prepareMany>;
type Prepared = ReturnType<typeof prepare>;

/**
 * Rows per multi-row statement. Why multi-row at all: FTS5 flushes its pending
 * terms to a new segment at every statement savepoint (fts5 xSavepoint), and an
 * INSERT on `documents` opens one because its trigger writes the FTS5 table. A
 * statement per document therefore wrote a one-document segment per document
 * and spent its time merging them (measured on the bench corpus: 8.5k docs/s
 * of CPU one statement per document, 20k with 250 documents per statement).
 * The triggers stay the only code that keeps the index in step.
 */
const DOCUMENT_ROWS = 250;
const METADATA_ROWS = 200;
const LINK_ROWS = 500;

const STATEMENTS = {
  documents: {
    head: "INSERT INTO documents (identifier, title, content) VALUES ",
    row: "(?, ?, ?)",
    tail: " RETURNING id",
  },
  metadata: {
    head: "INSERT INTO metadata (document_id, key, value, type, num) VALUES ",
    row: "(?, ?, ?, ?, ?)",
    tail: "",
  },
  links: {
    head: "INSERT INTO index_documents (index_id, document_id) VALUES ",
    row: "(?, ?)",
    tail: " ON CONFLICT DO NOTHING",
  },
} as const;

function many(sqlite: Sqlite, s: Prepared, kind: keyof typeof STATEMENTS, rows: number): Statement {
  const key = `${kind}:${rows}`;
  let statement = s.many.get(key);
  if (!statement) {
    const { head, row, tail } = STATEMENTS[kind];
    statement = prepareMany(
      sqlite,
      head + Array.from({ length: rows }, () => row).join(", ") + tail,
    );
    s.many.set(key, statement);
  }
  return statement;
}

/** Run a multi-row statement over `values` (`width` values per row), `chunk` rows at a time. */
function runMany(
  sqlite: Sqlite,
  s: Prepared,
  kind: keyof typeof STATEMENTS,
  width: number,
  chunk: number,
  values: readonly unknown[],
): void {
  for (let at = 0; at < values.length; at += chunk * width) {
    const part = values.slice(at, at + chunk * width);
    many(sqlite, s, kind, part.length / width).run(...part);
  }
}

const cache = new WeakMap<Sqlite, Prepared>();

/** The better-sqlite3 connection under a drizzle handle (same connection, same transaction). */
function clientOf(db: SearchDb): Sqlite {
  return (db as unknown as { $client: Sqlite }).$client;
}

function pushMetadata(values: unknown[], id: number, metadata: Record<string, string>): void {
  for (const [key, value] of Object.entries(metadata)) {
    const typed = typedMetadata(value);
    values.push(id, key, value, typed.type, typed.num);
  }
}

/**
 * Insert or update many documents and link them to one index. A row whose
 * identifier exists (already, or on an earlier row of `rows`) updates that
 * document (title and content replaced, metadata replaced when given, index
 * link added). The outcome is exactly that of writing the rows one by one, in
 * order; new documents go in with a few multi-row statements (see
 * {@link DOCUMENT_ROWS}). Call inside `writer.run`; the caller decides how many
 * rows make one unit.
 */
export function bulkUpsertDocuments(
  db: SearchDb,
  indexId: number,
  rows: readonly BulkRow[],
): BulkOutcome {
  const sqlite = clientOf(db);
  let s = cache.get(sqlite);
  if (!s) cache.set(sqlite, (s = prepare(sqlite)));

  // Plan: each row creates a document, or updates a stored one (ids[i] known)
  // or one created by an earlier row (sameAs[i]: that row's position).
  const ids: number[] = new Array<number>(rows.length).fill(0);
  const creates: number[] = [];
  const updates: number[] = [];
  const sameAs = new Map<number, number>();
  const createdBy = new Map<string, number>();
  rows.forEach((row, i) => {
    if (row.identifier !== null) {
      const first = createdBy.get(row.identifier);
      if (first !== undefined) {
        sameAs.set(i, first);
        updates.push(i);
        return;
      }
      const existing = s.findId.get(row.identifier)?.id;
      if (existing !== undefined) {
        ids[i] = existing;
        updates.push(i);
        return;
      }
      createdBy.set(row.identifier, i);
    }
    creates.push(i);
  });

  // 1. New documents, in input order. AUTOINCREMENT ids grow with each row
  // inserted, so the ids sorted are the rows in order.
  for (let at = 0; at < creates.length; at += DOCUMENT_ROWS) {
    const part = creates.slice(at, at + DOCUMENT_ROWS);
    const values: unknown[] = [];
    for (const i of part) values.push(rows[i]!.identifier, rows[i]!.title, rows[i]!.content);
    const returned = many(sqlite, s, "documents", part.length).all(...values) as { id: number }[];
    const newIds = returned.map((r) => r.id).sort((a, b) => a - b);
    part.forEach((i, k) => (ids[i] = newIds[k]!));
  }
  const metadataValues: unknown[] = [];
  for (const i of creates) {
    const metadata = rows[i]!.metadata;
    if (metadata !== undefined) pushMetadata(metadataValues, ids[i]!, metadata);
  }
  runMany(sqlite, s, "metadata", 5, METADATA_ROWS, metadataValues);

  // 2. Updates, in input order, after the documents they may refer to exist.
  for (const i of updates) {
    const row = rows[i]!;
    const same = sameAs.get(i);
    if (same !== undefined) ids[i] = ids[same]!;
    const id = ids[i]!;
    s.update.run(row.title, row.content, id);
    if (row.metadata !== undefined) {
      s.clearMetadata.run(id);
      const values: unknown[] = [];
      pushMetadata(values, id, row.metadata);
      runMany(sqlite, s, "metadata", 5, METADATA_ROWS, values);
    }
  }

  // 3. Links (the count trigger fires per row; a document already linked is left alone).
  const links: unknown[] = [];
  for (const id of ids) links.push(indexId, id);
  runMany(sqlite, s, "links", 2, LINK_ROWS, links);

  return { created: creates.length, updated: updates.length, ids };
}
