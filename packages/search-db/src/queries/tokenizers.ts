import { sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";

/**
 * The tokenizers an index can choose (`IndexSettings.tokenizer`): `porter`
 * (English stemming over unicode61, the default: "runs" finds "running"),
 * `unicode61` (words as written, case and diacritics folded), `trigram`
 * (any substring of 3 characters or more, inside words too).
 */
export const TOKENIZERS = ["porter", "unicode61", "trigram"] as const;
export type Tokenizer = (typeof TOKENIZERS)[number];
export const DEFAULT_TOKENIZER: Tokenizer = "porter";

/**
 * One FTS5 table per tokenizer (drizzle/0012_fts_tokenizers.sql explains
 * why): `documents_fts` always holds every document; the others hold every
 * document while some index uses their tokenizer.
 */
export const FTS_TABLES: Readonly<Record<Tokenizer, string>> = {
  porter: "documents_fts",
  unicode61: "documents_fts_unicode61",
  trigram: "documents_fts_trigram",
};

/** FTS5 `tokenize` options of each table, as in the migrations. */
export const TOKENIZER_OPTIONS: Readonly<Record<Tokenizer, string>> = {
  porter: "porter unicode61 remove_diacritics 2",
  unicode61: "unicode61 remove_diacritics 2",
  trigram: "trigram remove_diacritics 1",
};

/** The shortest text a trigram table can find: shorter strings match no document. */
export const TRIGRAM_MIN_LENGTH = 3;

export function isTokenizer(value: unknown): value is Tokenizer {
  return typeof value === "string" && (TOKENIZERS as readonly string[]).includes(value);
}

/** The FTS5 table of a tokenizer as an SQL identifier (names come from {@link FTS_TABLES} only). */
export function ftsTable(tokenizer: Tokenizer | undefined): SQL {
  return sql.raw(FTS_TABLES[tokenizer ?? DEFAULT_TOKENIZER]);
}
