import { sql } from "drizzle-orm";

import type { SearchDb } from "../index";
import { FTS_TABLES, TOKENIZER_OPTIONS } from "./tokenizers";
import type { Tokenizer } from "./tokenizers";

/**
 * A token that changes whenever the full-text index changes, whichever
 * connection wrote: FTS5's structure record (rowid 10 of `documents_fts_data`),
 * which every committed change to the index rewrites (it starts with FTS5's own
 * change cookie). Reading it is one primary-key lookup.
 */
export function ftsVersion(db: SearchDb, tokenizer: Tokenizer = "porter"): string {
  const data = sql.raw(`${FTS_TABLES[tokenizer]}_data`);
  const row = db.get<{ v: string | null }>(sql`SELECT hex(block) AS v FROM ${data} WHERE id = 10`);
  return row?.v ?? "";
}

/** One term of the index's vocabulary (stemmed, as FTS5 stores it) and the number of documents holding it. */
export interface VocabularyTerm {
  term: string;
  docs: number;
}

/** fts5vocab tables: porter's from 0006, unicode61's from 0012; trigrams make no vocabulary worth reading. */
const VOCABULARY_TABLES: Partial<Record<Tokenizer, string>> = {
  porter: "documents_vocab",
  unicode61: "documents_fts_unicode61_vocab",
};

/**
 * Every distinct term of the full-text index with its document count, from
 * its fts5vocab table (which walks the whole index: call it rarely and cache
 * the answer, see `ftsVersion`). Empty for trigram, which has no words.
 */
export function readVocabulary(db: SearchDb, tokenizer: Tokenizer = "porter"): VocabularyTerm[] {
  const table = VOCABULARY_TABLES[tokenizer];
  if (!table) return [];
  return db.all<VocabularyTerm>(sql`SELECT term, doc AS docs FROM ${sql.raw(table)}`);
}

const ready = new WeakMap<SearchDb, Set<Tokenizer>>();

/**
 * Split texts into the tokens the index would store (porter stems, folded
 * case and diacritics): each text goes through the very same FTS5 tokenizer,
 * in a TEMP table private to this connection. Writing TEMP tables needs no
 * lock on the database file, so this works inside a read snapshot.
 *
 * @example
 * tokenize(db, ["Connections", "e-mail"]); // [["connect"], ["e", "mail"]]
 */
export function tokenize(
  db: SearchDb,
  texts: readonly string[],
  tokenizer: Tokenizer = "porter",
): string[][] {
  if (texts.length === 0) return [];
  // One TEMP table per tokenizer, with the options of its FTS5 table (drizzle/0006, 0012).
  const name = tokenizer === "porter" ? "quire_tokenizer" : `quire_tokenizer_${tokenizer}`;
  const table = sql.raw(`temp.${name}`);
  const terms = sql.raw(`temp.${name}_terms`);
  let made = ready.get(db);
  if (!made) ready.set(db, (made = new Set()));
  if (!made.has(tokenizer)) {
    db.run(
      sql`CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING fts5(text, tokenize = ${sql.raw(`'${TOKENIZER_OPTIONS[tokenizer]}'`)})`,
    );
    db.run(
      sql`CREATE VIRTUAL TABLE IF NOT EXISTS ${terms} USING fts5vocab(temp, ${sql.raw(name)}, instance)`,
    );
    made.add(tokenizer);
  }
  const out: string[][] = texts.map(() => []);
  try {
    texts.forEach((text, i) => {
      db.run(sql`INSERT INTO ${table} (rowid, text) VALUES (CAST(${i + 1} AS INTEGER), ${text})`);
    });
    const rows = db.all<{ doc: number; term: string }>(
      sql`SELECT doc, term FROM ${terms} ORDER BY doc, "offset"`,
    );
    for (const row of rows) out[row.doc - 1]!.push(row.term);
  } finally {
    db.run(sql`DELETE FROM ${table}`);
  }
  return out;
}
