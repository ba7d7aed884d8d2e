import { sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";

import type { SearchDb } from "../index";
import type { MetadataType } from "../schema";
import { numberAs, typedMetadata } from "./metadata";
import { integerList } from "./sql-lists";
import { accumulateScores } from "./term-scores";
import type { AccumulatedScores, ScoredDocument } from "./term-scores";
import { DEFAULT_TOKENIZER, ftsTable, TOKENIZER_OPTIONS } from "./tokenizers";
import type { Tokenizer } from "./tokenizers";

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
  /**
   * The type the index declares for the key: ranges and equality then read
   * values of that type only (declared `string`: the text, even of numbers).
   * Undefined: each value's inferred type, and the filter value's.
   */
  type?: MetadataType;
}

export type DocumentOrderKey = "id" | "identifier" | "title" | "content" | "score";
export type DocumentOrder =
  | { key: DocumentOrderKey; desc: boolean }
  /** By a metadata value; documents without one come last either way. */
  | { key: "metadata"; field: string; desc: boolean; type?: MetadataType };

/** bm25 weights of the two FTS5 columns. */
export interface ColumnWeights {
  title: number;
  content: number;
}

export const EQUAL_WEIGHTS: ColumnWeights = { title: 1, content: 1 };

export interface SearchDocumentsQuery {
  /** An FTS5 MATCH expression, or null for every document. */
  match: string | null;
  /**
   * When `match` is exactly the OR of these FTS5 phrases (in this order) and
   * the tiers after the first select only documents of the first: a ranked
   * page with no filter or explicit ordering is then scored phrase by phrase
   * (see `accumulateScores`): same scores, count and order.
   */
  phrases?: readonly string[];
  /** Compute bm25 scores (lower is better); needs `match`. */
  ranked: boolean;
  /** bm25 column weights; default 1 and 1 (FTS5's plain bm25). */
  weights?: ColumnWeights;
  /**
   * With `ranked`: order by bm25 after the tiers (default true). False: by
   * tiers, then id, without scores (when bm25 cannot tell documents apart).
   */
  scored?: boolean;
  /**
   * Ranking rules applied before bm25 when ranked: MATCH expressions, each
   * narrower than `match`; documents matching the first come first, then,
   * within each group, those matching the second, and so on. The first tier
   * is fetched on its own, so a page that it fills never scores the rest.
   */
  tiers?: readonly string[];
  /** Only documents in one of these indexes; null for all documents. */
  indexIds: readonly number[] | null;
  /** The FTS5 table searched, by tokenizer (default porter, which holds every document). */
  tokenizer?: Tokenizer;
  filters: readonly MetadataFilter[];
  /** Empty: ranking (tiers, then best score) when ranked, else by id. */
  ordering: readonly DocumentOrder[];
  limit: number;
  offset: number;
}

export interface SearchRow {
  id: number;
  identifier: string | null;
  title: string | null;
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

/** The filter value as a typed number: of the declared type, else of the type its text reads as. */
function typedFilterValue(
  value: string,
  declared: MetadataType | undefined,
): { type: MetadataType; num: number } | null {
  if (declared === "string") return null;
  if (declared) {
    const num = numberAs(declared, value);
    return num === null ? null : { type: declared, num };
  }
  const typed = typedMetadata(value);
  return typed.num === null ? null : { type: typed.type, num: typed.num };
}

function valueCondition(op: MetadataOp, value: string, declared?: MetadataType): SQL {
  switch (op) {
    case "eq":
    case "ne": {
      // "true" finds "True", "2010" finds "2010.0": equal as text, or as values of one type.
      const typed = typedFilterValue(value, declared);
      const eq = typed
        ? sql`(m.value = ${value} OR (m.type = ${typed.type} AND m.num = ${typed.num}))`
        : sql`m.value = ${value}`;
      return op === "eq" ? eq : sql`NOT ${eq}`;
    }
    case "ge":
    case "gt":
    case "le":
    case "lt": {
      const cmp = sql.raw({ ge: ">=", gt: ">", le: "<=", lt: "<" }[op]);
      // Scout's rule, typed: a number (or a date) compares with the values of that type only.
      const typed = typedFilterValue(value, declared);
      if (typed && typed.type !== "boolean") {
        return sql`m.type = ${typed.type} AND m.num ${cmp} ${typed.num}`;
      }
      if (declared && declared !== "string") return sql`0`; // not of the declared type: matches nothing
      return sql`m.value ${cmp} ${value}`;
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
export function metadataFilterSql(filter: MetadataFilter, docId: SQL = sql`d.id`): SQL {
  const anyValue = sql.join(
    filter.values.map((v) => sql`(${valueCondition(filter.op, v, filter.type)})`),
    sql` OR `,
  );
  // Correlated EXISTS: the (key, value) index finds the candidates for one document quickly.
  return sql`EXISTS (SELECT 1 FROM metadata m WHERE m.document_id = ${docId} AND m.key = ${filter.key} AND (${anyValue}))`;
}

/** `IN (rowids matching expr)`: a non-correlated subquery SQLite evaluates once. */
const inMatch = (fts: SQL, expr: string) =>
  sql`IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${expr})`;

/**
 * The WHERE clause over `docId` (the FTS5 rowid when there is a MATCH, so
 * counting and ranking never touch the documents table).
 */
function whereClause(
  query: SearchDocumentsQuery,
  docId: SQL,
  match: string | null,
  exclude: string | null = null,
): SQL {
  const fts = ftsTable(query.tokenizer);
  const parts: SQL[] = [];
  if (match !== null) {
    parts.push(sql`${fts} MATCH ${match}`);
    // Unary +: keep SQLite from handing the id conditions below to FTS5 as rowid
    // constraints, which would re-run the whole MATCH once per listed id.
    docId = sql`+${docId}`;
  }
  if (exclude !== null) parts.push(sql`${docId} NOT ${inMatch(fts, exclude)}`);
  if (query.indexIds !== null) {
    // Correlated EXISTS, one primary-key lookup per candidate: an IN (subquery)
    // would list every document of the index first, whatever the query finds.
    parts.push(
      sql`EXISTS (SELECT 1 FROM index_documents x WHERE x.index_id IN (${sql.join(
        query.indexIds.map((id) => sql`${id}`),
        sql`, `,
      )}) AND x.document_id = ${docId})`,
    );
  }
  for (const filter of query.filters) parts.push(metadataFilterSql(filter, docId));
  return parts.length > 0 ? sql`WHERE ${sql.join(parts, sql` AND `)}` : sql``;
}

function bm25(fts: SQL, weights: ColumnWeights | undefined): SQL {
  const w = weights ?? EQUAL_WEIGHTS;
  return sql`bm25(${fts}, ${w.title}, ${w.content})`;
}

/** Count of the documents a query selects, without ranking (an FTS5 count needs no join). */
export function countDocumentsMatching(db: SearchDb, query: SearchDocumentsQuery): number {
  const fts = ftsTable(query.tokenizer);
  if (query.indexIds !== null && query.indexIds.length === 0) return 0;
  if (query.match === null) {
    return (
      db.get<{ n: number }>(
        sql`SELECT count(*) AS n FROM documents d ${whereClause(query, sql`d.id`, null)}`,
      )?.n ?? 0
    );
  }
  return (
    db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM ${fts} ${whereClause(query, sql`${fts}.rowid`, query.match)}`,
    )?.n ?? 0
  );
}

interface Slice {
  match: string;
  exclude: string | null;
  tiers: readonly string[];
  limit: number;
  offset: number;
}

/** One ranked slice: scored on the FTS5 table alone, then the page's rows joined. */
function rankedSlice(db: SearchDb, query: SearchDocumentsQuery, slice: Slice): SearchRow[] {
  if (slice.limit <= 0) return [];
  const fts = ftsTable(query.tokenizer);
  const tierKeys = slice.tiers.map(
    (t, i) =>
      sql`(CASE WHEN ${fts}.rowid ${inMatch(fts, t)} THEN 0 ELSE 1 END) AS t${sql.raw(String(i))}`,
  );
  const scored = query.scored !== false;
  const keys = (prefix: string) =>
    sql.raw(
      [
        ...slice.tiers.map((_, i) => `${prefix}t${i}`),
        ...(scored ? [`${prefix}score`] : []),
        `${prefix}id`,
      ].join(", "),
    );
  return db.all<SearchRow>(
    sql`SELECT d.id AS id, d.identifier AS identifier, d.title AS title, d.content AS content, r.score AS score
        FROM (SELECT ${fts}.rowid AS id, ${scored ? bm25(fts, query.weights) : sql`NULL`} AS score${
          tierKeys.length > 0 ? sql`, ${sql.join(tierKeys, sql`, `)}` : sql``
        }
              FROM ${fts} ${whereClause(query, sql`${fts}.rowid`, slice.match, slice.exclude)}
              ORDER BY ${keys("")} LIMIT ${slice.limit} OFFSET ${slice.offset}) r
        JOIN documents d ON d.id = r.id
        ORDER BY ${keys("r.")}`,
  );
}

/**
 * Full-text search (FTS5 MATCH, bm25 with column weights, optional ranking
 * tiers) combined with index and metadata filters: one page plus the total.
 * Raw SQL because drizzle has no FTS5 virtual tables; every value is a bound
 * parameter. An invalid MATCH expression throws SQLite's error (see
 * {@link checkMatchExpression}).
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
  if (ranked && accumulates(query)) {
    // The count and the ranking from the phrases' scores (the first tier still from FTS5).
    const weights = query.weights ?? EQUAL_WEIGHTS;
    const scored = accumulateScores(db, query.tokenizer, weights, query.phrases!, query.indexIds);
    if (scored) {
      const rows = scored.total > 0 ? rankedPage(db, query, query.match!, scored) : [];
      return { rows, total: scored.total };
    }
  }
  const total = countDocumentsMatching(db, query);
  if (ranked && query.ordering.length === 0 && total > 0) {
    return { rows: rankedPage(db, query, query.match!), total };
  }
  return { rows: orderedPage(db, query, ranked), total };
}

/**
 * The default ranking: tiers, then bm25. The first tier (when given) is
 * fetched first; only if it cannot fill the page are the other matches
 * scored, minus the first tier's documents. bm25 depends on the phrases of
 * the expression, not on which documents it selects, so a document scores
 * the same in both queries and the order equals one query over everything.
 * With `scored` (an OR of phrases, see {@link accumulates}), the other
 * matches come from those scores: the later tiers only split the first, so
 * outside it the order is by score alone.
 */
function rankedPage(
  db: SearchDb,
  query: SearchDocumentsQuery,
  match: string,
  scored?: AccumulatedScores,
): SearchRow[] {
  const tiers = query.tiers ?? [];
  const want = query.offset + query.limit;
  const slice = (
    head: readonly SearchRow[],
    exclude: string | null,
    rest: readonly string[],
    limit: number,
    offset: number,
  ) =>
    scored
      ? documentRows(db, scored.top(offset, limit, new Set(head.map((r) => r.id))))
      : rankedSlice(db, query, { match, exclude, tiers: rest, limit, offset });
  if (tiers.length === 0) return slice([], null, tiers, query.limit, query.offset);
  const [first, ...rest] = tiers as [string, ...string[]];
  const head = rankedSlice(db, query, {
    match: first,
    exclude: null,
    tiers: rest,
    limit: want,
    offset: 0,
  });
  if (head.length === want) return head.slice(query.offset);
  // Fewer than `want`: the head holds the whole first tier.
  const tail = slice(
    head,
    first,
    rest,
    want - head.length,
    Math.max(0, query.offset - head.length),
  );
  return [...head.slice(query.offset), ...tail].slice(0, query.limit);
}

/**
 * Whether a page can be scored phrase by phrase ({@link accumulateScores}):
 * an OR of phrases ranked by score alone, with no metadata filter (indexes
 * are a cached bitmap, see `indexMembers`).
 */
function accumulates(query: SearchDocumentsQuery): boolean {
  return (
    (query.phrases?.length ?? 0) >= 2 &&
    query.scored !== false &&
    query.ordering.length === 0 &&
    query.filters.length === 0
  );
}

/** The rows of scored documents, in the given order. */
function documentRows(db: SearchDb, scored: readonly ScoredDocument[]): SearchRow[] {
  if (scored.length === 0) return [];
  const found = db.all<Omit<SearchRow, "score">>(
    sql`SELECT id, identifier, title, content FROM documents WHERE id IN (${integerList(scored.map((d) => d.id))})`,
  );
  const byId = new Map(found.map((row) => [row.id, row]));
  return scored.flatMap((d) => {
    const row = byId.get(d.id);
    return row ? [{ ...row, score: d.score }] : [];
  });
}

/** ORDER BY terms for a metadata value joined as `alias`: missing values last in both directions. */
function metadataOrder(alias: string, order: Extract<DocumentOrder, { key: "metadata" }>): SQL[] {
  const dir = sql.raw(order.desc ? "DESC" : "ASC");
  const m = (column: string) => sql.raw(`${alias}.${column}`);
  if (order.type === "string") return [sql`${m("value")} IS NULL`, sql`${m("value")} ${dir}`];
  if (order.type) {
    return [sql`(${m("type")} IS NOT ${order.type})`, sql`${m("num")} ${dir}`];
  }
  // Inferred types: numbers, dates and booleans by value, then text.
  return [
    sql`${m("value")} IS NULL`,
    sql`${m("num")} IS NULL`,
    sql`${m("num")} ${dir}`,
    sql`${m("value")} ${dir}`,
  ];
}

/** Explicit ordering (or unranked): one query, joined with documents for the sort keys. */
function orderedPage(db: SearchDb, query: SearchDocumentsQuery, ranked: boolean): SearchRow[] {
  const match = query.match;
  const fts = ftsTable(query.tokenizer);
  const ordering: readonly DocumentOrder[] =
    query.ordering.length > 0 ? query.ordering : [{ key: ranked ? "score" : "id", desc: false }];
  // One LEFT JOIN per metadata sort key (the (document_id, key) primary key finds the row).
  const joins: SQL[] = [];
  const orderBy: SQL[] = [];
  const score = ranked ? bm25(fts, query.weights) : sql`NULL`;
  const columns: Record<DocumentOrderKey, SQL> = {
    id: sql`d.id`,
    identifier: sql`d.identifier`,
    title: sql`d.title`,
    content: sql`d.content`,
    score,
  };
  ordering.forEach((o, i) => {
    if (o.key === "metadata") {
      const alias = `mo${i}`;
      joins.push(
        sql`LEFT JOIN metadata ${sql.raw(alias)} ON ${sql.raw(alias)}.document_id = d.id AND ${sql.raw(alias)}.key = ${o.field}`,
      );
      orderBy.push(...metadataOrder(alias, o));
    } else {
      orderBy.push(sql`${columns[o.key]} ${sql.raw(o.desc ? "DESC" : "ASC")}`);
    }
  });
  orderBy.push(sql`d.id ASC`); // stable pages
  const from =
    match !== null
      ? sql`FROM ${fts} JOIN documents d ON d.id = ${fts}.rowid`
      : sql`FROM documents d`;
  const where = whereClause(query, sql`d.id`, match);
  return db.all<SearchRow>(
    sql`SELECT d.id AS id, d.identifier AS identifier, d.title AS title, d.content AS content, ${score} AS score
        ${from} ${sql.join(joins, sql` `)} ${where}
        ORDER BY ${sql.join(orderBy, sql`, `)} LIMIT ${query.limit} OFFSET ${query.offset}`,
  );
}

/** A metadata key to count values of, with the type the index declares for it (if any). */
export interface FacetRequest {
  key: string;
  type?: MetadataType;
}

export interface FacetCounts {
  /** The most frequent values over the documents the query selects, with exact counts. */
  values: { value: string; count: number }[];
  /** Documents of the selection that have the key (of the declared type, if any). */
  documents: number;
  /** Distinct values among them. */
  distinct: number;
  /** Smallest and largest number (or date, as epoch ms) among them, when there are any. */
  min: number | null;
  max: number | null;
}

/**
 * Facets: for each key, how many of the documents the query selects (full-text
 * match, indexes, metadata filters: the whole result, not one page) have each
 * value, the most frequent first, exact. One GROUP BY per key over the
 * selection (which SQLite computes once per key into a temporary b-tree).
 *
 * @example
 * facetCounts(db, query, [{ key: "topic" }, { key: "year", type: "number" }], 10);
 */
export function facetCounts(
  db: SearchDb,
  query: SearchDocumentsQuery,
  facets: readonly FacetRequest[],
  limit: number,
): Map<string, FacetCounts> {
  const out = new Map<string, FacetCounts>();
  if (facets.length === 0) return out;
  const fts = ftsTable(query.tokenizer);
  const selection =
    query.indexIds !== null && query.indexIds.length === 0
      ? sql`SELECT NULL WHERE 0`
      : query.match !== null
        ? sql`SELECT ${fts}.rowid FROM ${fts} ${whereClause(query, sql`${fts}.rowid`, query.match)}`
        : sql`SELECT d.id FROM documents d ${whereClause(query, sql`d.id`, null)}`;
  for (const facet of facets) {
    const typed = facet.type && facet.type !== "string" ? sql` AND m.type = ${facet.type}` : sql``;
    // One pass: the values with their counts (a CTE used several times is computed once), then
    // the page of values and the totals from it.
    const rows = db.all<{
      value: string;
      count: number;
      documents: number;
      distinct: number;
      min: number | null;
      max: number | null;
    }>(
      sql`WITH v AS MATERIALIZED (
            SELECT m.value AS value, count(*) AS count, min(m.num) AS lo, max(m.num) AS hi
            FROM metadata m
            WHERE m.key = ${facet.key}${typed} AND m.document_id IN (${selection})
            GROUP BY m.value)
          SELECT value, count,
                 (SELECT sum(count) FROM v) AS documents, (SELECT count(*) FROM v) AS "distinct",
                 (SELECT min(lo) FROM v) AS min, (SELECT max(hi) FROM v) AS max
          FROM v ORDER BY count DESC, value ASC LIMIT ${limit}`,
    );
    const first = rows[0];
    out.set(facet.key, {
      values: rows.map((r) => ({ value: r.value, count: r.count })),
      documents: first?.documents ?? 0,
      distinct: first?.distinct ?? 0,
      min: first?.min ?? null,
      max: first?.max ?? null,
    });
  }
  return out;
}

/**
 * Run a MATCH expression once so FTS5 parses it: throws SQLite's own error
 * ("fts5: syntax error near …", "unterminated string", "no such column: …")
 * for a malformed query, which callers turn into a 400.
 */
export function checkMatchExpression(db: SearchDb, match: string, tokenizer?: Tokenizer): void {
  const fts = ftsTable(tokenizer);
  db.get(sql`SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${match} LIMIT 1`);
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

export interface DocumentHighlight {
  /** The title with its matches marked; null when the document has no title. */
  title: string | null;
  /** The whole content with its matches marked. */
  highlight: string;
  /** A cropped excerpt of the content around the best matches. */
  snippet: string;
}

const highlightTables = new WeakMap<SearchDb, Set<Tokenizer>>();

/**
 * FTS5 highlight() (title and whole content) and snippet() (cropped content)
 * of the given documents for `match`. The documents are copied into a TEMP
 * FTS5 table with the same columns and tokenizer (private to this connection,
 * writable inside a read snapshot, emptied afterwards) and marked there: the
 * same marks as in the index (neither function uses index-wide statistics),
 * but the expression is evaluated over a handful of rows, where running it
 * once per document against the index re-reads every term's doclist (a query
 * word being typed, `"inform"*`, merges the doclists of all its words each
 * time: 20 ms for a page).
 */
export function highlightDocuments(
  db: SearchDb,
  match: string,
  ids: readonly number[],
  options: HighlightOptions,
  tokenizer: Tokenizer = DEFAULT_TOKENIZER,
): Map<number, DocumentHighlight> {
  const out = new Map<number, DocumentHighlight>();
  if (ids.length === 0) return out;
  const tokens = Math.max(1, Math.min(64, Math.floor(options.tokens)));
  const name = `quire_highlight_${tokenizer}`;
  const table = sql.raw(`temp.${name}`);
  const fts = sql.raw(name);
  let made = highlightTables.get(db);
  if (!made) highlightTables.set(db, (made = new Set()));
  if (!made.has(tokenizer)) {
    db.run(
      sql`CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING fts5(title, content, tokenize = ${sql.raw(`'${TOKENIZER_OPTIONS[tokenizer]}'`)})`,
    );
    made.add(tokenizer);
  }
  const idList = integerList(ids);
  try {
    db.run(
      sql`INSERT INTO ${table} (rowid, title, content) SELECT id, title, content FROM documents WHERE id IN (${idList})`,
    );
    // Columns: 0 = title, 1 = content.
    const rows = db.all<{ id: number; title: string | null; highlight: string; snippet: string }>(
      sql`SELECT rowid AS id,
            highlight(${fts}, 0, ${options.open}, ${options.close}) AS title,
            highlight(${fts}, 1, ${options.open}, ${options.close}) AS highlight,
            snippet(${fts}, 1, ${options.open}, ${options.close}, ${options.ellipsis}, ${tokens}) AS snippet
          FROM ${table} WHERE ${fts} MATCH ${match}`,
    );
    for (const row of rows)
      out.set(row.id, { title: row.title, highlight: row.highlight, snippet: row.snippet });
  } finally {
    db.run(sql`DELETE FROM ${table}`);
  }
  return out;
}
