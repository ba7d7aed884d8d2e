import { checkMatchExpression } from "@quire/search-db";
import type { SearchDb, Tokenizer } from "@quire/search-db";

import { badRequest, sqliteCode } from "../errors";

/** `simple`: anything a person types is valid. `advanced`: raw FTS5 syntax (Scout's `q`). */
export const SEARCH_MODES = ["simple", "advanced"] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

/** What a query string turned into. */
export type ParsedQuery =
  /** Empty or `*`: every document, unranked. */
  | { kind: "all" }
  /** Text with nothing searchable in it (only punctuation, emoji…): no document. */
  | { kind: "none" }
  /**
   * An FTS5 MATCH expression. Simple mode also gives its terms, so the
   * search can combine them differently (any/all words, typo alternatives).
   */
  | { kind: "match"; match: string; terms?: QueryTerm[] };

export const MAX_QUERY_LENGTH = 20_000;
/** Simple mode keeps the first terms only: more AND-ed terms never match anything anyway. */
export const MAX_SIMPLE_TERMS = 64;

// unicode61's default token characters (categories L*, N* and Co); everything else separates tokens.
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const TOKEN_CHARS = /[\p{L}\p{N}\p{Co}]/gu;
/** A word being typed is prefix-matched from this many letters on. */
export const MIN_PREFIX_LENGTH = 2;

/** One term of a simple query: a word, or a phrase the user wrote in double quotes. */
export interface QueryTerm {
  text: string;
  /** Written in double quotes by the user. */
  quoted: boolean;
  /** The last term still being typed (search-as-you-type), or a bare `word*`. */
  prefix: boolean;
}

/** FTS5 string literal: double quotes, inner quotes doubled. Inside one, no character is an operator. */
const ftsString = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * Turn what a person typed into a safe FTS5 expression: every term becomes a
 * quoted string (so `AND`, `NEAR(`, `-`, `^`, `:` and `*` lose their powers),
 * terms are AND-ed, "quoted phrases" stay phrases, and the last term is
 * prefix-matched unless the text ends with a space or a closed quote (or it
 * is a single letter). Never produces an expression FTS5 rejects.
 *
 * @example
 * parseSimpleQuery('sqlite "write ahead" lo'); // { kind: "match", match: '"sqlite" "write ahead" "lo"*' }
 * parseSimpleQuery("NEAR(");                   // { kind: "match", match: '"NEAR"*' }
 */
export function parseSimpleQuery(input: string): ParsedQuery {
  // NUL and other C0 controls carry no meaning in a query; drop them before anything else.
  // eslint-disable-next-line no-control-regex
  const text = input.replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, "");
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "*") return { kind: "all" };

  const terms: QueryTerm[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/u.test(ch)) {
      i++;
    } else if (ch === '"') {
      const end = text.indexOf('"', i + 1);
      const closed = end !== -1;
      // An unclosed quote is a phrase still being typed: prefix-match its last word.
      terms.push({
        text: text.slice(i + 1, closed ? end : text.length),
        quoted: true,
        prefix: !closed,
      });
      i = closed ? end + 1 : text.length;
    } else {
      let end = i;
      while (end < text.length && text[end] !== '"' && !/\s/u.test(text[end]!)) end++;
      const word = text.slice(i, end);
      terms.push({ text: word.replace(/\*+$/, ""), quoted: false, prefix: word.endsWith("*") });
      i = end;
    }
  }

  const last = terms.at(-1);
  if (last && !last.quoted && !/\s$/u.test(text)) last.prefix = true;
  // A one-letter start matches most of a big index (325 ms for "t" in 100k
  // documents, as much as listing them): it is taken as a whole word.
  for (const term of terms) {
    const lastWord = term.text.split(/\s+/).at(-1) ?? "";
    if (term.prefix && (lastWord.match(TOKEN_CHARS)?.length ?? 0) < MIN_PREFIX_LENGTH) {
      term.prefix = false;
    }
  }

  const searchable = terms.filter((t) => TOKEN_CHAR.test(t.text)).slice(0, MAX_SIMPLE_TERMS);
  if (searchable.length === 0) return { kind: "none" };
  return {
    kind: "match",
    match: searchable.map((t) => termExpression(t)).join(" "),
    terms: searchable,
  };
}

/** How the terms of a simple query combine: `all` requires every one; `any` at least one. */
export const MATCHINGS = ["any", "all"] as const;
export type Matching = (typeof MATCHINGS)[number];

/**
 * One term as FTS5 syntax: a quoted string (prefix-matched when it is the
 * word being typed), OR-ed with its alternatives (typo corrections, which are
 * whole words) when there are any.
 */
export function termExpression(term: QueryTerm, alternatives: readonly string[] = []): string {
  const phrases = termPhrases(term, alternatives);
  return phrases.length === 1 ? phrases[0]! : `(${phrases.join(" OR ")})`;
}

/** The FTS5 phrases of {@link termExpression}, in its order: the term, then its alternatives. */
export function termPhrases(term: QueryTerm, alternatives: readonly string[] = []): string[] {
  return [ftsString(term.text) + (term.prefix ? "*" : ""), ...alternatives.map(ftsString)];
}

/** What the search runs for a simple query: the documents to select, and the ranking tiers. */
export interface QueryPlan {
  match: string;
  /** When `match` is an OR of phrases: those phrases, in its order (see `SearchDocumentsQuery.phrases`). */
  phrases?: string[];
  /** MATCH expressions for the ranking rules, most important first (see searchDocuments). */
  tiers: string[];
  /** Whether bm25 can order anything: false when every term is a frequent word. */
  scored: boolean;
}

/** A word to accept in place of a typed one, and how many typos away it is. */
export interface TermCorrection {
  word: string;
  typos: number;
}

/**
 * Combine simple-query terms into what the search runs, with Meilisearch's
 * first two ranking rules as tiers. `all`: every term must match. `any`: at
 * least one, and documents matching every term rank first ("words"). With
 * typo corrections for some terms, among the documents that match every term,
 * those that need no correction rank first, then those that need only
 * one-typo corrections ("typo": a document needs a correction when it matches
 * the correction but not the word, nor a closer correction).
 *
 * @example
 * planQuery(parseSimpleQuery("wing flow ").terms!, "any");
 * // { match: '"wing" OR "flow"', tiers: ['"wing" AND "flow"'], scored: true }
 */
export function planQuery(
  terms: readonly QueryTerm[],
  matching: Matching,
  corrections: readonly (readonly TermCorrection[])[] = [],
  frequent: readonly boolean[] = [],
): QueryPlan {
  const words = (i: number, maxTypos = Infinity) =>
    (corrections[i] ?? []).filter((c) => c.typos <= maxTypos).map((c) => c.word);
  const loose = terms.map((t, i) => termExpression(t, words(i)));
  const and = loose.join(" AND ");
  // A word in more than half of the documents gets no weight from bm25: when
  // other words can select and rank, it only makes the candidate set huge (the
  // documents it alone would add rank last). It still counts for "every word".
  const selective = terms.map((_, i) => i).filter((i) => !frequent[i]);
  const chosen = selective.length > 0 ? selective : terms.map((_, i) => i);
  const any = chosen.map((i) => loose[i]!).join(" OR ");
  const match = matching === "all" || terms.length === 1 ? and : any;
  const phrases = chosen.flatMap((i) => termPhrases(terms[i]!, words(i)));
  const scored = !terms.every((_, i) => frequent[i]);
  const tiers = match === and ? [] : [and];
  /** Documents that need a correction of more than `typos` typos for some term. */
  const needing = (typos: number) =>
    terms.flatMap((t, i) => {
      const further = (corrections[i] ?? []).filter((c) => c.typos > typos).map((c) => c.word);
      if (further.length === 0) return [];
      const closer = termExpression(t, words(i, typos));
      return [`(${further.map(ftsString).join(" OR ")} NOT ${closer})`];
    });
  // Among the documents that match every word: those that need no correction
  // first, then those that need only one-typo corrections. Among those that
  // match only some words, a correction counts like the word typed: nine words
  // and a corrected tenth make a better answer than a single word (pushing
  // every correction down cost 0.008 nDCG@10 on CISI).
  for (const typos of [0, 1]) {
    const need = needing(typos);
    if (need.length > 0) tiers.push(`(${and}) NOT (${need.join(" OR ")})`);
  }
  // An any-query of several terms is an OR of phrases whose later tiers all lie
  // within the first ("every word"): it can be scored phrase by phrase.
  return match !== and ? { match, phrases, tiers, scored } : { match, tiers, scored };
}

/**
 * Parse `q` in the given mode. Advanced queries are passed to FTS5 as they
 * are; call {@link checkAdvancedQuery} (or let the search do it) to reject
 * malformed ones with a 400.
 */
export function parseQuery(q: string | null | undefined, mode: SearchMode): ParsedQuery {
  const raw = q ?? "";
  if (raw.length > MAX_QUERY_LENGTH) {
    throw badRequest(`Search query is too long (at most ${MAX_QUERY_LENGTH} characters).`);
  }
  // Untrimmed: a trailing space tells simple mode the last word is finished.
  if (mode === "simple") return parseSimpleQuery(raw);
  const text = raw.trim();
  if (text === "" || text === "*") return { kind: "all" };
  return { kind: "match", match: text };
}

/**
 * Let FTS5 parse an advanced query once; its complaint ("fts5: syntax error
 * near …", "unterminated string", "no such column: x") becomes
 * `400 Invalid search query: …`, as in Scout.
 */
export function checkAdvancedQuery(db: SearchDb, match: string, tokenizer?: Tokenizer): void {
  try {
    checkMatchExpression(db, match, tokenizer);
  } catch (error) {
    if (sqliteCode(error) === "SQLITE_ERROR")
      throw badRequest(`Invalid search query: ${(error as Error).message}`);
    throw error;
  }
}
