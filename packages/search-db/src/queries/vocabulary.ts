import { sql } from "drizzle-orm";

import type { SearchDb } from "../index";

/**
 * A token that changes whenever the full-text index changes, whichever
 * connection wrote: FTS5's structure record (rowid 10 of `documents_fts_data`),
 * which every committed change to the index rewrites (it starts with FTS5's own
 * change cookie). Reading it is one primary-key lookup.
 */
export function ftsVersion(db: SearchDb): string {
  const row = db.get<{ v: string | null }>(
    sql`SELECT hex(block) AS v FROM documents_fts_data WHERE id = 10`,
  );
  return row?.v ?? "";
}

/** One term of the index's vocabulary (stemmed, as FTS5 stores it) and the number of documents holding it. */
export interface VocabularyTerm {
  term: string;
  docs: number;
}

/**
 * Every distinct term of the full-text index with its document count, from
 * the `documents_vocab` fts5vocab table (which walks the whole index: call it
 * rarely and cache the answer, see `ftsVersion`).
 */
export function readVocabulary(db: SearchDb): VocabularyTerm[] {
  return db.all<VocabularyTerm>(sql`SELECT term, doc AS docs FROM documents_vocab`);
}

const ready = new WeakSet<SearchDb>();

/**
 * Split texts into the tokens the index would store (porter stems, folded
 * case and diacritics): each text goes through the very same FTS5 tokenizer,
 * in a TEMP table private to this connection. Writing TEMP tables needs no
 * lock on the database file, so this works inside a read snapshot.
 *
 * @example
 * tokenize(db, ["Connections", "e-mail"]); // [["connect"], ["e", "mail"]]
 */
export function tokenize(db: SearchDb, texts: readonly string[]): string[][] {
  if (texts.length === 0) return [];
  if (!ready.has(db)) {
    // Same tokenizer as documents_fts (drizzle/0006_fts_title.sql).
    db.run(
      sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.quire_tokenizer USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2')`,
    );
    db.run(
      sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.quire_tokenizer_terms USING fts5vocab(temp, quire_tokenizer, instance)`,
    );
    ready.add(db);
  }
  const out: string[][] = texts.map(() => []);
  try {
    texts.forEach((text, i) => {
      db.run(
        sql`INSERT INTO temp.quire_tokenizer (rowid, text) VALUES (CAST(${i + 1} AS INTEGER), ${text})`,
      );
    });
    const rows = db.all<{ doc: number; term: string }>(
      sql`SELECT doc, term FROM temp.quire_tokenizer_terms ORDER BY doc, "offset"`,
    );
    for (const row of rows) out[row.doc - 1]!.push(row.term);
  } finally {
    db.run(sql`DELETE FROM temp.quire_tokenizer`);
  }
  return out;
}
