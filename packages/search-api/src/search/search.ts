import {
  declaredTypes,
  facetCounts,
  findIndexesByNames,
  highlightDocuments,
  indexHoldsEveryDocument,
  numberAs,
  readIndexSettings,
  readSnapshot,
  searchDocuments,
  TRIGRAM_MIN_LENGTH,
} from "@quire/search-db";
import type {
  DocumentOrder,
  DocumentOrderKey,
  MetadataFilter,
  MetadataType,
  SearchDatabase,
  SearchDb,
  SearchDocumentsQuery,
} from "@quire/search-db";

import { documentViews } from "../documents";
import { checkIndexCount } from "../indexes";
import type { DocumentView } from "../documents";
import { badRequest } from "../errors";
import { filtersFromRecord } from "./filters";
import { checkAdvancedQuery, parseQuery, planQuery } from "./query";
import { DEFAULT_WEIGHTS, effectiveSettings } from "../settings";
import { analyzeTerms } from "./analyze";
import type { Matching, ParsedQuery, QueryTerm, SearchMode } from "./query";
import type { EffectiveSettings } from "../settings";

/**
 * `default`: the ranking rules: documents matching every word first, then
 * exact matches before typo corrections, then bm25 with the title weighted
 * above the content. `bm25`: FTS5's plain bm25 (every column weighs 1), as
 * Scout. `none`: unranked (by id).
 */
export const RANKINGS = ["default", "bm25", "none"] as const;
export type Ranking = (typeof RANKINGS)[number];

export { DEFAULT_WEIGHTS };

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
  /**
   * Scout's `ordering` values: `id`, `identifier`, `title`, `content`, `score`
   * (ranked only), `metadata.<key>`; `-` for descending.
   */
  ordering?: readonly string[];
  page?: number;
  pageSize: number;
  /** Ask for highlighted content and a cropped snippet per hit. */
  highlight?: HighlightSettings | null;
  /** Metadata keys to count values of over the whole result (see `FacetResult`). */
  facets?: readonly string[];
  /** Values per facet, most frequent first (default 20, at most 1000). */
  facetLimit?: number;
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
  /** Facet counts by key, when asked for. */
  facets?: Record<string, FacetResult>;
}

const emptyFacet = (): FacetResult => ({
  values: [],
  documents: 0,
  distinct: 0,
  min: null,
  max: null,
  declared: null,
});

/** A term as an index's synonyms and stop words know it: lower case, no punctuation around. */
const settingsWord = (text: string) =>
  text.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");

/**
 * Stop words out (unless only they were typed; phrases stay whole), and each
 * remaining word's synonyms, matched as if typed.
 */
export function applySettings(
  terms: readonly QueryTerm[],
  settings: EffectiveSettings,
): { terms: QueryTerm[]; synonyms: string[][] } {
  const stop = new Set(settings.stopWords);
  const kept = terms.filter((t) => t.quoted || !stop.has(settingsWord(t.text)));
  const result = kept.length > 0 ? kept : [...terms];
  return {
    terms: result,
    synonyms: result.map((t) => (t.quoted ? [] : (settings.synonyms[settingsWord(t.text)] ?? []))),
  };
}

/**
 * A trigram index finds strings of 3 characters or more only: shorter terms
 * of a simple query are left out, and a query of only such terms is a 400
 * saying so (rather than an empty result that looks like "no document").
 */
export function trigramTerms(
  terms: readonly QueryTerm[],
  synonyms: readonly string[][],
): { terms: QueryTerm[]; synonyms: string[][] } {
  const keep = terms.map((t) => [...t.text.trim()].length >= TRIGRAM_MIN_LENGTH);
  if (!keep.includes(true)) {
    throw badRequest(
      `Search terms must be at least ${TRIGRAM_MIN_LENGTH} characters long in an index with the trigram tokenizer.`,
    );
  }
  return {
    terms: terms.filter((_, i) => keep[i]),
    synonyms: synonyms.filter((_, i) => keep[i]),
  };
}

/** More sort keys than this is a 400 (SQLite caps ORDER BY terms; nobody needs more). */
export const MAX_ORDERING = 10;

const ORDER_KEYS: ReadonlySet<string> = new Set(["id", "identifier", "title", "content", "score"]);

/** Scout's `ordering` parameter: `-` for descending; `score` only when results are ranked. */
export function parseDocumentOrdering(values: readonly string[], ranked: boolean): DocumentOrder[] {
  if (values.length > MAX_ORDERING)
    throw badRequest(`Too many ordering values (at most ${MAX_ORDERING}).`);
  return values.map((raw): DocumentOrder => {
    const value = raw.trim();
    const name = value.replace(/^-+/, "");
    const desc = value.startsWith("-");
    // An extension of Scout's keys: `metadata.<key>` sorts by a metadata value.
    if (name.startsWith(METADATA_ORDER_PREFIX) && name.length > METADATA_ORDER_PREFIX.length) {
      return { key: "metadata", field: name.slice(METADATA_ORDER_PREFIX.length), desc };
    }
    if (!ORDER_KEYS.has(name) || (name === "score" && !ranked)) {
      throw badRequest(`Unrecognized ordering: "${name}"`);
    }
    return { key: name as DocumentOrderKey, desc };
  });
}

/** `ordering=metadata.year` (or `-metadata.year`) sorts by the metadata value of `year`. */
export const METADATA_ORDER_PREFIX = "metadata.";

/** Most facets in one search, and most values per facet. */
export const MAX_FACETS = 20;
export const MAX_FACET_VALUES = 1000;

/** Values of a metadata key over the whole result (see `facetCounts`). */
export interface FacetResult {
  /** The most frequent values first, exact counts. */
  values: { value: string; count: number }[];
  /** Documents of the result with the key. */
  documents: number;
  /** Distinct values. */
  distinct: number;
  /** Smallest and largest number (dates: epoch milliseconds), or null. */
  min: number | null;
  max: number | null;
  /** The type the index declares for the key, if it declares one. */
  declared: MetadataType | null;
}

/**
 * Apply the types the searched indexes declare to filters and metadata sort
 * keys; a range filter value that is not of the declared type is a 400.
 */
function withDeclaredTypes(
  db: SearchDb,
  indexIds: readonly number[] | null,
  filters: readonly MetadataFilter[],
  ordering: readonly DocumentOrder[],
  facets: readonly string[],
) {
  const keys = [
    ...filters.map((f) => f.key),
    ...ordering.flatMap((o) => (o.key === "metadata" ? [o.field] : [])),
    ...facets,
  ];
  const declared = declaredTypes(db, indexIds, keys);
  const typedFilters = filters.map((f): MetadataFilter => {
    const type = declared.get(f.key);
    if (!type) return f;
    if (type !== "string" && ["ge", "gt", "le", "lt"].includes(f.op)) {
      for (const v of f.values) {
        if (numberAs(type, v) === null) {
          throw badRequest(`"${f.key}" is a ${type} in this index: "${v}" is not a ${type}.`);
        }
      }
    }
    return { ...f, type };
  });
  const typedOrdering = ordering.map((o): DocumentOrder => {
    if (o.key !== "metadata") return o;
    const type = declared.get(o.field);
    return type ? { ...o, type } : o;
  });
  return { declared, filters: typedFilters, ordering: typedOrdering };
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
  const parsedOrdering = parseDocumentOrdering(request.ordering ?? [], ranked);
  const facetKeys = [...new Set(request.facets ?? [])];
  if (facetKeys.length > MAX_FACETS) throw badRequest(`Too many facets (at most ${MAX_FACETS}).`);
  const facetLimit = Math.max(1, Math.min(MAX_FACET_VALUES, Math.floor(request.facetLimit ?? 20)));
  const pageSize = Math.max(1, Math.floor(request.pageSize));
  const page = Math.max(1, Math.floor(request.page ?? 1));
  if (query.kind === "none") {
    const facets =
      facetKeys.length > 0
        ? Object.fromEntries(facetKeys.map((k) => [k, emptyFacet()]))
        : undefined;
    return {
      query,
      documents: [],
      filteredCount: 0,
      page,
      pages: 0,
      ranked,
      ...(facets ? { facets } : {}),
    };
  }

  return readSnapshot(quire, (db) => {
    // An index's own settings apply when the search is in that index alone.
    const indexSettings = effectiveSettings(
      request.indexIds?.length === 1 ? readIndexSettings(db, request.indexIds[0]!) : {},
    );
    // The index's tokenizer, likewise; a search over several indexes uses the default one.
    const tokenizer = indexSettings.tokenizer;
    let match: string | null = null;
    let phrases: string[] | undefined;
    let tiers: string[] = [];
    let scored = true;
    if (query.kind === "match") {
      if (query.terms) {
        const applied = applySettings(query.terms, indexSettings);
        const { terms, synonyms } =
          tokenizer === "trigram" ? trigramTerms(applied.terms, applied.synonyms) : applied;
        const analysis = analyzeTerms(quire, db, terms, {
          typos: ranking === "default" && request.typos !== false,
          tokenizer,
        });
        const plan = planQuery(
          terms,
          request.matching ?? "any",
          terms.map((_, i) => [
            ...synonyms[i]!.map((word) => ({ word, typos: 0 })),
            ...analysis.corrections[i]!,
          ]),
          analysis.frequent,
        );
        match = plan.match;
        phrases = plan.phrases;
        if (ranking === "default") tiers = plan.tiers;
        scored = plan.scored;
      } else {
        match = query.match;
        if (request.mode === "advanced") checkAdvancedQuery(db, match, tokenizer);
      }
    }
    const typed = withDeclaredTypes(
      db,
      request.indexIds ?? null,
      request.filters ?? [],
      parsedOrdering,
      facetKeys,
    );
    const ordering = typed.ordering;
    let indexIds = request.indexIds ?? null;
    // One index holding every document (the usual single-index setup): no need
    // to check each candidate's links.
    if (indexIds?.length === 1 && indexHoldsEveryDocument(db, indexIds[0]!)) indexIds = null;
    const dbQuery: SearchDocumentsQuery = {
      match,
      ...(phrases ? { phrases } : {}),
      ranked,
      weights: ranking === "default" ? indexSettings.weights : undefined,
      tiers,
      scored,
      tokenizer,
      indexIds,
      filters: typed.filters,
      ordering,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    };
    const { rows, total } = searchDocuments(db, dbQuery);
    const facets =
      facetKeys.length > 0
        ? Object.fromEntries(
            [
              ...facetCounts(
                db,
                dbQuery,
                facetKeys.map((key) => ({ key, type: typed.declared.get(key) })),
                facetLimit,
              ),
            ].map(([key, counts]) => [
              key,
              { ...counts, declared: typed.declared.get(key) ?? null },
            ]),
          )
        : undefined;
    const views = documentViews(db, rows);
    const settings = request.highlight;
    const marks =
      settings && match !== null
        ? highlightDocuments(
            db,
            match,
            rows.map((r) => r.id),
            { open: OPEN, close: CLOSE, ellipsis: ELLIPSIS, tokens: settings.crop },
            tokenizer,
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
      ...(facets ? { facets } : {}),
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
