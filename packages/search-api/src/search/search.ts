import {
  findIndexesByNames,
  highlightDocuments,
  readSnapshot,
  searchDocuments,
} from "@quire/search-db";
import type {
  DocumentOrder,
  DocumentOrderKey,
  MetadataFilter,
  SearchDatabase,
} from "@quire/search-db";

import { documentViews } from "../documents";
import { checkIndexCount } from "../indexes";
import type { DocumentView } from "../documents";
import { badRequest } from "../errors";
import { filtersFromRecord } from "./filters";
import { checkAdvancedQuery, parseQuery } from "./query";
import type { ParsedQuery, SearchMode } from "./query";

export const RANKINGS = ["bm25", "none"] as const;
export type Ranking = (typeof RANKINGS)[number];

/** Highlight settings: tags around matches, snippet length in tokens, ellipsis. */
export interface HighlightSettings {
  start: string;
  end: string;
  /** Snippet length in tokens, 1–64. */
  crop: number;
  ellipsis: string;
}

export const DEFAULT_HIGHLIGHT: HighlightSettings = {
  start: "<mark>",
  end: "</mark>",
  crop: 24,
  ellipsis: "…",
};

export interface SearchRequest {
  /** The query text; empty or `*` lists every document. */
  q?: string | null;
  mode: SearchMode;
  ranking?: Ranking;
  /** Restrict to documents in any of these indexes (ids); null or undefined: every document. */
  indexIds?: readonly number[] | null;
  filters?: readonly MetadataFilter[];
  /** Scout's `ordering` values: `id`, `identifier`, `content`, `score` (ranked only), `-` for descending. */
  ordering?: readonly string[];
  page?: number;
  pageSize: number;
  /** Ask for highlighted content and a cropped snippet per hit. */
  highlight?: HighlightSettings | null;
}

export interface SearchHit extends DocumentView {
  /** bm25 rank, lower is better (Scout's convention); absent when unranked. */
  score?: number;
  /** HTML-escaped content with matches wrapped in the highlight tags. */
  highlight?: string;
  /** HTML-escaped cropped excerpt around the best matches. */
  snippet?: string;
}

export interface SearchResult {
  documents: SearchHit[];
  /** Documents matching the query and filters. */
  filteredCount: number;
  page: number;
  pages: number;
  /** Scores were computed (a real query with bm25 ranking). */
  ranked: boolean;
}

/** More sort keys than this is a 400 (SQLite caps ORDER BY terms; nobody needs more). */
export const MAX_ORDERING = 10;

const ORDER_KEYS: ReadonlySet<string> = new Set(["id", "identifier", "content", "score"]);

/** Scout's `ordering` parameter: `-` for descending; `score` only when results are ranked. */
export function parseDocumentOrdering(values: readonly string[], ranked: boolean): DocumentOrder[] {
  if (values.length > MAX_ORDERING)
    throw badRequest(`Too many ordering values (at most ${MAX_ORDERING}).`);
  return values.map((raw) => {
    const value = raw.trim();
    const name = value.replace(/^-+/, "");
    if (!ORDER_KEYS.has(name) || (name === "score" && !ranked)) {
      throw badRequest(`Unrecognized ordering: "${name}"`);
    }
    return { key: name as DocumentOrderKey, desc: value.startsWith("-") };
  });
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

// Private-use sentinels handed to FTS5 instead of the caller's tags, so the
// text between them can be HTML-escaped before the tags go in.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const ELLIPSIS = "\uE002";

function renderMarked(text: string, settings: HighlightSettings): string {
  return escapeHtml(text)
    .replaceAll(OPEN, settings.start)
    .replaceAll(CLOSE, settings.end)
    .replaceAll(ELLIPSIS, settings.ellipsis);
}

/** Without a query there is nothing to mark: the first `crop` words. */
function plainSnippet(content: string, settings: HighlightSettings): string {
  const words = content.trim().split(/\s+/);
  const cropped = words.slice(0, settings.crop).join(" ");
  return escapeHtml(cropped) + (words.length > settings.crop ? escapeHtml(settings.ellipsis) : "");
}

/**
 * Search documents: full-text query (simple or advanced mode), index and
 * metadata filters, ordering, one page, optional highlights. Every document
 * comes back whole (one read snapshot). Malformed advanced queries are a 400.
 *
 * @example
 * runSearch(quire, { q: "write ahe", mode: "simple", pageSize: 20, highlight: DEFAULT_HIGHLIGHT });
 */
export function runSearch(
  quire: SearchDatabase,
  request: SearchRequest,
): SearchResult & { query: ParsedQuery } {
  const query = parseQuery(request.q, request.mode);
  const ranking = request.ranking ?? "bm25";
  const ranked = query.kind === "match" && ranking === "bm25";
  const ordering = parseDocumentOrdering(request.ordering ?? [], ranked);
  const pageSize = Math.max(1, Math.floor(request.pageSize));
  const page = Math.max(1, Math.floor(request.page ?? 1));
  if (query.kind === "none")
    return { query, documents: [], filteredCount: 0, page, pages: 0, ranked };

  const match = query.kind === "match" ? query.match : null;
  return readSnapshot(quire, (db) => {
    if (match !== null && request.mode === "advanced") checkAdvancedQuery(db, match);
    const { rows, total } = searchDocuments(db, {
      match,
      ranked,
      indexIds: request.indexIds ?? null,
      filters: request.filters ?? [],
      ordering,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    const views = documentViews(db, rows);
    const settings = request.highlight;
    const marks =
      settings && match !== null
        ? highlightDocuments(
            db,
            match,
            rows.map((r) => r.id),
            { open: OPEN, close: CLOSE, ellipsis: ELLIPSIS, tokens: settings.crop },
          )
        : undefined;
    const documents = views.map((view, i): SearchHit => {
      const hit: SearchHit = { ...view };
      const score = rows[i]!.score;
      if (ranked && score !== null) hit.score = score;
      if (settings) {
        const mark = marks?.get(view.id);
        hit.highlight = mark ? renderMarked(mark.highlight, settings) : escapeHtml(view.content);
        hit.snippet = mark
          ? renderMarked(mark.snippet, settings)
          : plainSnippet(view.content, settings);
      }
      return hit;
    });
    return {
      query,
      documents,
      filteredCount: total,
      page,
      pages: Math.ceil(total / pageSize),
      ranked,
    };
  });
}

/** Search input with index names and a filter record, as the tRPC procedures take it. */
export interface SearchByNameInput extends Omit<
  SearchRequest,
  "indexIds" | "filters" | "highlight"
> {
  /** Index names; unknown names match nothing. Absent: every document. */
  indexes?: readonly string[];
  /** `{ key: value | values }`, Scout's `key__op` names. */
  filters?: Record<string, string | string[]>;
  highlight?: boolean | Partial<HighlightSettings> | null;
}

/**
 * {@link runSearch} for callers that name indexes and give filters as an
 * object (tRPC): the console's and the blog's search.
 */
export function searchByName(quire: SearchDatabase, input: SearchByNameInput): SearchResult {
  checkIndexCount(input.indexes ?? []);
  const indexIds = input.indexes?.length
    ? readSnapshot(quire, (db) => findIndexesByNames(db, input.indexes!).map((i) => i.id))
    : null;
  const highlight =
    input.highlight === true
      ? DEFAULT_HIGHLIGHT
      : input.highlight
        ? { ...DEFAULT_HIGHLIGHT, ...input.highlight }
        : null;
  const { query: _query, ...result } = runSearch(quire, {
    ...input,
    indexIds,
    filters: filtersFromRecord(input.filters ?? {}),
    highlight,
  });
  return result;
}
