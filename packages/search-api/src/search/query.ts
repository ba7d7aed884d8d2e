import { checkMatchExpression } from "@quire/search-db";
import type { SearchDb } from "@quire/search-db";

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
  /** An FTS5 MATCH expression. */
  | { kind: "match"; match: string };

export const MAX_QUERY_LENGTH = 20_000;
/** Simple mode keeps the first terms only: more AND-ed terms never match anything anyway. */
export const MAX_SIMPLE_TERMS = 64;

// unicode61's default token characters (categories L*, N* and Co); everything else separates tokens.
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;

interface Term {
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
 * prefix-matched unless the text ends with a space or a closed quote. Never
 * produces an expression FTS5 rejects.
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

  const terms: Term[] = [];
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

  const searchable = terms.filter((t) => TOKEN_CHAR.test(t.text)).slice(0, MAX_SIMPLE_TERMS);
  if (searchable.length === 0) return { kind: "none" };
  return {
    kind: "match",
    match: searchable.map((t) => ftsString(t.text) + (t.prefix ? "*" : "")).join(" "),
  };
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
export function checkAdvancedQuery(db: SearchDb, match: string): void {
  try {
    checkMatchExpression(db, match);
  } catch (error) {
    if (sqliteCode(error) === "SQLITE_ERROR")
      throw badRequest(`Invalid search query: ${(error as Error).message}`);
    throw error;
  }
}
