import { sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";

import type { SearchDb } from "../index";

/** Scout's metadata filter operations (`key__op=value`). */
export const METADATA_OPS = [
  "eq",
  "ne",
  "ge",
  "gt",
  "le",
  "lt",
  "in",
  "contains",
  "startswith",
  "endswith",
  "regex",
] as const;
export type MetadataOp = (typeof METADATA_OPS)[number];

/**
 * One metadata filter: documents having `key` with a value that satisfies `op`
 * against any of `values` (a key repeated in the query string is OR-ed).
 * Different filters are AND-ed.
 */
export interface MetadataFilter {
  key: string;
  op: MetadataOp;
  values: string[];
}

export type DocumentOrderKey = "id" | "identifier" | "content" | "score";
export interface DocumentOrder {
  key: DocumentOrderKey;
  desc: boolean;
}

export interface SearchDocumentsQuery {
  /** An FTS5 MATCH expression, or null for every document. */
  match: string | null;
  /** Compute bm25 scores (lower is better); needs `match`. */
  ranked: boolean;
  /** Only documents in one of these indexes; null for all documents. */
  indexIds: readonly number[] | null;
  filters: readonly MetadataFilter[];
  /** Empty: best score first when ranked, else by id. */
  ordering: readonly DocumentOrder[];
  limit: number;
  offset: number;
}

export interface SearchRow {
  id: number;
  identifier: string | null;
  content: string;
  score: number | null;
}

/**
 * Scout's rule: a range comparison is numeric when the filter value looks like
 * a number (`-12`, `3.5`, `.5`); then both sides are compared as REAL.
 */
export function looksNumeric(value: string): boolean {
  return /^-?(?:\d+\.?\d*|\.\d+)$/.test(value);
}

/** `%` and `_` are LIKE wildcards; escape them (and the escape character) so values match literally. */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function valueCondition(op: MetadataOp, value: string): SQL {
  switch (op) {
    case "eq":
      return sql`m.value = ${value}`;
    case "ne":
      return sql`m.value <> ${value}`;
    case "ge":
    case "gt":
    case "le":
    case "lt": {
      const cmp = sql.raw({ ge: ">=", gt: ">", le: "<=", lt: "<" }[op]);
      return looksNumeric(value)
        ? sql`CAST(m.value AS REAL) ${cmp} ${Number(value)}`
        : sql`m.value ${cmp} ${value}`;
    }
    case "in": {
      const items = value.split(",").map((v) => v.trim());
      return sql`m.value IN (${sql.join(
        items.map((v) => sql`${v}`),
        sql`, `,
      )})`;
    }
    case "contains":
      return sql`m.value LIKE ${`%${likeLiteral(value)}%`} ESCAPE '\\'`;
    case "startswith":
      return sql`m.value LIKE ${`${likeLiteral(value)}%`} ESCAPE '\\'`;
    case "endswith":
      return sql`m.value LIKE ${`%${likeLiteral(value)}`} ESCAPE '\\'`;
    case "regex":
      // REGEXP calls @quire/db's regexp() extension (JavaScript syntax).
      return sql`m.value REGEXP ${value}`;
  }
}

/** The WHERE fragment of one metadata filter: every value bound as a parameter. */
export function metadataFilterSql(filter: MetadataFilter): SQL {
  const anyValue = sql.join(
    filter.values.map((v) => sql`(${valueCondition(filter.op, v)})`),
    sql` OR `,
  );
  // Correlated EXISTS: the (key, value) index finds the candidates for one document quickly.
  return sql`EXISTS (SELECT 1 FROM metadata m WHERE m.document_id = d.id AND m.key = ${filter.key} AND (${anyValue}))`;
}

function whereClause(query: SearchDocumentsQuery): SQL {
  const parts: SQL[] = [];
  if (query.match !== null) parts.push(sql`documents_fts MATCH ${query.match}`);
  if (query.indexIds !== null) {
    parts.push(
      sql`d.id IN (SELECT document_id FROM index_documents WHERE index_id IN (${sql.join(
        query.indexIds.map((id) => sql`${id}`),
        sql`, `,
      )}))`,
    );
  }
  for (const filter of query.filters) parts.push(metadataFilterSql(filter));
  return parts.length > 0 ? sql`WHERE ${sql.join(parts, sql` AND `)}` : sql``;
}

/**
 * Full-text search (FTS5 MATCH, bm25) combined with index and metadata
 * filters, one page plus the total. Raw SQL because drizzle has no FTS5
 * virtual tables; every value is a bound parameter. An invalid MATCH
 * expression throws SQLite's error (see {@link checkMatchExpression}).
 *
 * @example
 * searchDocuments(db, { match: '"wal"*', ranked: true, indexIds: null, filters: [], ordering: [], limit: 50, offset: 0 });
 */
export function searchDocuments(
  db: SearchDb,
  query: SearchDocumentsQuery,
): { rows: SearchRow[]; total: number } {
  if (query.indexIds !== null && query.indexIds.length === 0) return { rows: [], total: 0 };
  const ranked = query.ranked && query.match !== null;
  const from =
    query.match !== null
      ? sql`FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid`
      : sql`FROM documents d`;
  const where = whereClause(query);
  const score = ranked ? sql`bm25(documents_fts)` : sql`NULL`;
  const columns: Record<DocumentOrderKey, SQL> = {
    id: sql`d.id`,
    identifier: sql`d.identifier`,
    content: sql`d.content`,
    score,
  };
  const ordering: readonly DocumentOrder[] =
    query.ordering.length > 0 ? query.ordering : [{ key: ranked ? "score" : "id", desc: false }];
  const orderBy = sql.join(
    [
      ...ordering.map((o) => sql`${columns[o.key]} ${sql.raw(o.desc ? "DESC" : "ASC")}`),
      sql`d.id ASC`, // stable pages
    ],
    sql`, `,
  );
  const rows = db.all<SearchRow>(
    sql`SELECT d.id AS id, d.identifier AS identifier, d.content AS content, ${score} AS score ${from} ${where}
        ORDER BY ${orderBy} LIMIT ${query.limit} OFFSET ${query.offset}`,
  );
  const total = db.get<{ n: number }>(sql`SELECT count(*) AS n ${from} ${where}`)?.n ?? 0;
  return { rows, total };
}

/**
 * Run a MATCH expression once so FTS5 parses it: throws SQLite's own error
 * ("fts5: syntax error near …", "unterminated string", "no such column: …")
 * for a malformed query, which callers turn into a 400.
 */
export function checkMatchExpression(db: SearchDb, match: string): void {
  db.get(sql`SELECT rowid FROM documents_fts WHERE documents_fts MATCH ${match} LIMIT 1`);
}

export interface HighlightOptions {
  /** Inserted before and after each matched token. */
  open: string;
  close: string;
  /** Marks text left out of a snippet. */
  ellipsis: string;
  /** Tokens per snippet, 1–64 (FTS5's limit). */
  tokens: number;
}

/** FTS5 highlight() (whole content) and snippet() (cropped) of the given documents for `match`. */
export function highlightDocuments(
  db: SearchDb,
  match: string,
  ids: readonly number[],
  options: HighlightOptions,
): Map<number, { highlight: string; snippet: string }> {
  const out = new Map<number, { highlight: string; snippet: string }>();
  if (ids.length === 0) return out;
  const tokens = Math.max(1, Math.min(64, Math.floor(options.tokens)));
  const rows = db.all<{ id: number; highlight: string; snippet: string }>(
    sql`SELECT rowid AS id,
          highlight(documents_fts, 0, ${options.open}, ${options.close}) AS highlight,
          snippet(documents_fts, 0, ${options.open}, ${options.close}, ${options.ellipsis}, ${tokens}) AS snippet
        FROM documents_fts
        WHERE documents_fts MATCH ${match} AND rowid IN (${sql.join(
          // CAST: better-sqlite3 binds JS numbers as REAL, and FTS5 (3.53) ignores a
          // REAL rowid constraint next to MATCH, answering every match.
          ids.map((id) => sql`CAST(${id} AS INTEGER)`),
          sql`, `,
        )})`,
  );
  for (const row of rows) out.set(row.id, { highlight: row.highlight, snippet: row.snippet });
  return out;
}
