import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterAll, expect, test } from "vitest";

import { loadCollection, sharedDataDir } from "../bench/lib/collections";
import {
  DEFAULT_RANKING,
  evaluateCollection,
  indexCollection,
  PLAIN_BM25,
} from "../bench/lib/run-eval";
import { DICTIONARY, loadDictionary, typoCases, typoRecall } from "../bench/lib/typo-eval";

const dir = sharedDataDir();
const reason = "the test collections are missing (QUIRE_SHARED_DATA or <repo>/../shared/data)";
if (!dir) console.warn(`eval.test.ts: skipped, ${reason}.`);

const dictionary = dir ? loadDictionary() : undefined;
if (dir && !dictionary)
  console.warn(
    `eval.test.ts: typo recall skipped, ${DICTIONARY} is missing (apt-get install wamerican).`,
  );

let cleanup: (() => Promise<void>) | undefined;
afterAll(async () => cleanup?.());

test.skipIf(!dir)(
  "ranking quality on 50 Cranfield queries: the default ranking is not worse than plain bm25",
  async () => {
    const quire = createTestSearchDatabase();
    cleanup = () => quire.cleanup();
    const collection = loadCollection(dir!, "cranfield");
    const { indexed } = await indexCollection(quire, collection);
    expect(indexed).toBe(1398); // 1,400 minus the two empty documents
    const [bm25, ours] = evaluateCollection(quire, collection, [PLAIN_BM25, DEFAULT_RANKING], {
      limit: 50,
      depth: 100,
    });
    expect(bm25!.queries).toBe(50);
    // Sanity: plain bm25 is in the range the collection's README gives (≈ 0.35 over all queries).
    expect(bm25!.ndcg10).toBeGreaterThan(0.25);
    expect(ours!.ndcg10).toBeGreaterThanOrEqual(bm25!.ndcg10 - 0.002);
    expect(ours!.map).toBeGreaterThanOrEqual(bm25!.map - 0.002);
  },
  120_000,
);

test.skipIf(!dictionary)(
  "typo recall on 60 one-typo misspellings of Cranfield words: most found with typos on, none without",
  async () => {
    const quire = createTestSearchDatabase();
    try {
      const collection = loadCollection(dir!, "cranfield");
      await indexCollection(quire, collection);
      const cases = typoCases(collection, dictionary!, {
        edits: 1,
        minLength: 5,
        count: 60,
        seed: 7,
      });
      expect(cases).toHaveLength(60);
      const recall = typoRecall(quire, collection, "1 edit", cases);
      expect(recall.typos).toBeGreaterThan(0.6);
      expect(recall.noTypos).toBeLessThan(0.05);
      expect(recall.exact).toBeGreaterThanOrEqual(recall.typos);
    } finally {
      await quire.cleanup();
    }
  },
  120_000,
);
