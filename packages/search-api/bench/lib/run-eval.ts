import type { SearchDatabase } from "@quire/search-db";

import { importDocuments } from "../../src/bulk";
import { getIndexByName } from "../../src/indexes";
import { runSearch } from "../../src/search/search";
import type { SearchRequest } from "../../src/search/search";
import type { Collection } from "./collections";
import { mean, scoreQuery } from "./ir-metrics";

/** A way of searching to measure: overrides of the search request. */
export interface EvalConfig {
  name: string;
  describe: string;
  request: Partial<SearchRequest>;
}

/** Every query word OR-ed, FTS5's bm25 with title and text weighing the same: the baseline. */
export const PLAIN_BM25: EvalConfig = {
  name: "bm25",
  describe: "any word, plain bm25 (title = text)",
  request: { ranking: "bm25", matching: "any" },
};

/** What a search gets without options (simple mode). */
export const DEFAULT_RANKING: EvalConfig = {
  name: "default",
  describe: "the default ranking rules",
  request: {},
};

export interface EvalRow {
  collection: string;
  config: string;
  describe: string;
  queries: number;
  ndcg10: number;
  map: number;
  recall10: number;
  /** Mean time of one search, ms. */
  meanMs: number;
}

/**
 * Index a collection into `index` through the bulk import (title + text;
 * documents with neither are left out: nothing can match them).
 */
export async function indexCollection(quire: SearchDatabase, collection: Collection) {
  const items = collection.docs
    .filter((d) => d.text.trim() !== "" || d.title.trim() !== "")
    .map((d) => ({ identifier: d.id, title: d.title || null, content: d.text || d.title }));
  const result = await importDocuments(quire, collection.name, items);
  if (result.failed > 0)
    throw new Error(`import failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
  return { indexed: result.created, skipped: collection.docs.length - items.length };
}

/**
 * Run every judged query (or the first `limit`) through the real search
 * (simple mode, as a search box sends it) for each config; ranked lists are
 * cut at `depth` for MAP.
 */
export function evaluateCollection(
  quire: SearchDatabase,
  collection: Collection,
  configs: readonly EvalConfig[],
  options: { limit?: number; depth?: number } = {},
): EvalRow[] {
  const indexIds = [getIndexByName(quire, collection.name).id];
  const judged = collection.queries
    .filter((q) => collection.qrels.has(q.id))
    .slice(0, options.limit);
  return configs.map((config) => {
    const scores = [];
    const started = performance.now();
    for (const query of judged) {
      const result = runSearch(quire, {
        q: query.text,
        mode: "simple",
        indexIds,
        pageSize: options.depth ?? 1000,
        ...config.request,
      });
      const ranked = result.documents.map((d) => d.identifier ?? String(d.id));
      scores.push(scoreQuery(ranked, collection.qrels.get(query.id)!));
    }
    return {
      collection: collection.name,
      config: config.name,
      describe: config.describe,
      queries: judged.length,
      ndcg10: mean(scores.map((s) => s.ndcg10)),
      map: mean(scores.map((s) => s.ap)),
      recall10: mean(scores.map((s) => s.recall10)),
      meanMs: (performance.now() - started) / Math.max(1, judged.length),
    };
  });
}
