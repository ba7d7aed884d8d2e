import {
  findIndexesByNames,
  highlightDocuments,
  indexHoldsEveryDocument,
  readSnapshot,
  searchDocuments,
} from "@quire/search-db";
import type {
  ColumnWeights,
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
import { checkAdvancedQuery, parseQuery, planQuery } from "./query";
import { analyzeTerms } from "./analyze";
import type { Matching, ParsedQuery, SearchMode } from "./query";

/**
 * `default`: the ranking rules: documents matching every word first, then
 * exact matches before typo corrections, then bm25 with the title weighted
 * above the content. `bm25`: FTS5's plain bm25 (every column weighs 1), as
 * Scout. `none`: unranked (by id).
 */
export const RANKINGS = ["default", "bm25", "none"] as const;
export type Ranking = (typeof RANKINGS)[number];

/**
 * Column weights of the default ranking: a word in the title counts as much
 * as three in the content (tuned on the Cranfield and CISI test collections,
 * see bench/eval.ts).
 */
export const DEFAULT_WEIGHTS: ColumnWeights = { title: 3, content: 1 };

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
  /** Default `default`. */
  ranking?: Ranking;
  /** Simple mode: `any` (default) or `all` of the words must match. */
  matching?: Matching;
  /**
   * Simple mode with the default ranking: also match words one or two typos
   * away from what was typed (default true); exact matches rank first.
   */
  typos?: boolean;
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
  /** HTML-escaped title with matches wrapped in the highlight tags (documents with a title). */
  titleHighlight?: string;
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
  /**
   * Scores were computed: a query with a ranking, unless every word of it is
   * in more than half of the documents (bm25 gives such words no weight; the
   * documents then come in their order, those with every word first).
   */
  ranked: boolean;
}

/** More sort keys than this is a 400 (SQLite caps ORDER BY terms; nobody needs more). */
export const MAX_ORDERING = 10;

const ORDER_KEYS: ReadonlySet<string> = new Set(["id", "identifier", "title", "content", "score"]);

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
  const ranking = request.ranking ?? "default";
  const ranked = query.kind === "match" && ranking !== "none";
  const ordering = parseDocumentOrdering(request.ordering ?? [], ranked);
  const pageSize = Math.max(1, Math.floor(request.pageSize));
  const page = Math.max(1, Math.floor(request.page ?? 1));
  if (query.kind === "none")
    return { query, documents: [], filteredCount: 0, page, pages: 0, ranked };

  return readSnapshot(quire, (db) => {
    let match: string | null = null;
    let tiers: string[] = [];
    let scored = true;
    if (query.kind === "match") {
      if (query.terms) {
        const analysis = analyzeTerms(quire, db, query.terms, {
          typos: ranking === "default" && request.typos !== false,
        });
        const plan = planQuery(
          query.terms,
          request.matching ?? "any",
          analysis.corrections,
          analysis.frequent,
        );
        match = plan.match;
        if (ranking === "default") tiers = plan.tiers;
        scored = plan.scored;
      } else {
        match = query.match;
        if (request.mode === "advanced") checkAdvancedQuery(db, match);
      }
    }
    let indexIds = request.indexIds ?? null;
    // One index holding every document (the usual single-index setup): no need
    // to check each candidate's links.
    if (indexIds?.length === 1 && indexHoldsEveryDocument(db, indexIds[0]!)) indexIds = null;
    const { rows, total } = searchDocuments(db, {
      match,
      ranked,
      weights: ranking === "default" ? DEFAULT_WEIGHTS : undefined,
      tiers,
      scored,
      indexIds,
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
        if (view.title !== null) {
          hit.titleHighlight =
            mark?.title != null ? renderMarked(mark.title, settings) : escapeHtml(view.title);
        }
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
      // Only frequent words: in document order (after the tiers), without scores.
      ranked: ranked && (scored || ordering.length > 0),
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
