import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";

import { createTestSearchDatabase } from "../testing";
import {
  addDocumentToIndexes,
  deleteDocumentRow,
  insertDocument,
  setDocumentIndexes,
} from "./documents";
import { insertIndex } from "./indexes";
import { searchDocuments } from "./search";
import type { SearchDocumentsQuery } from "./search";
import { accumulateScores, indexMembers, MAX_ACCUMULATED_ID, phraseScores } from "./term-scores";
import type * as TermScores from "./term-scores";

// A seeded corpus with a skewed vocabulary (a few words in most documents, a
// long tail of rare ones), repeated words and lengths from 3 to 120 words, so
// bm25's tf saturation and length normalisation both matter.
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(7);
const stems = ["wing", "flow", "shock", "layer", "panel", "heat", "plate", "cone", "jet", "wake"];
const vocabulary = Array.from(
  { length: 400 },
  (_, i) =>
    `${stems[i % stems.length]}${i < 10 ? "" : String.fromCharCode(97 + (i % 26)) + Math.floor(i / 26)}`,
);
const word = () => vocabulary[Math.floor(vocabulary.length * rand() ** 3)]!;
const text = (n: number) => Array.from({ length: n }, word).join(" ");

let t: ReturnType<typeof createTestSearchDatabase>;
beforeAll(async () => {
  t = createTestSearchDatabase();
  await t.writer.run((db) => {
    for (let i = 0; i < 1500; i++) {
      insertDocument(db, {
        identifier: `d${i}`,
        title: i % 3 === 0 ? text(1 + Math.floor(rand() * 6)) : null,
        content: text(3 + Math.floor(rand() * 118)),
      });
    }
  });
});
afterAll(() => t.cleanup());

const weights = { title: 3, content: 1 };
const accumulate = (...args: Parameters<typeof accumulateScores>) => {
  const scored = accumulateScores(...args);
  if (!scored) throw new Error("document ids beyond MAX_ACCUMULATED_ID");
  return scored;
};
/** FTS5's own answer for the OR of the phrases: every matching row, by score then rowid. */
const fts5 = (phrases: readonly string[], w = weights) =>
  t.db.all<{ id: number; score: number }>(
    sql`SELECT rowid AS id, bm25(documents_fts, ${w.title}, ${w.content}) AS score FROM documents_fts
        WHERE documents_fts MATCH ${phrases.join(" OR ")} ORDER BY score, rowid`,
  );

/** A ranked any-query over the OR of the phrases, with ranking tiers. */
const orQuery = (
  phrases: readonly string[],
  tiers: string[],
  indexIds: number[] | null = null,
): SearchDocumentsQuery => ({
  match: phrases.join(" OR "),
  ranked: true,
  weights,
  tiers,
  indexIds,
  filters: [],
  ordering: [],
  limit: 20,
  offset: 0,
});

/** The pages at these offsets, scored phrase by phrase and by one FTS5 query, are equal; the first one. */
function expectSamePages(
  query: SearchDocumentsQuery,
  phrases: readonly string[],
  offsets: number[],
) {
  for (const offset of offsets) {
    const plain = searchDocuments(t.db, { ...query, offset });
    const accumulated = searchDocuments(t.db, { ...query, offset, phrases });
    expect(accumulated.total).toBe(plain.total);
    expect(accumulated.rows).toEqual(plain.rows);
  }
  return searchDocuments(t.db, { ...query, phrases });
}

const queries: string[][] = [
  ['"wing"', '"flow"'],
  ['"wing"', '"flow"', '"shock"', '"layer"', '"panel"', '"heat"', '"plate"', '"cone"'],
  ['"jet"', '"wake"', '"wingb3"', '"flowc4"', '"nosuchword"', '"coneh7"*'],
  ['"wing flow"', '"shock"', '"la"*'],
  ['"heat"', '"heat"', '"plate"'], // the same phrase twice counts twice, as in FTS5
  ['"nosuchword"', '"neither"'],
];

test("the OR of phrases scored phrase by phrase: FTS5's count, order and scores, bit for bit", () => {
  for (const phrases of queries) {
    for (const w of [weights, { title: 1, content: 1 }, { title: 10, content: 0.5 }]) {
      const expected = fts5(phrases, w);
      const scored = accumulate(t.db, "porter", w, phrases);
      expect(scored.total).toBe(expected.length);
      // Exact doubles (toBe, not toBeCloseTo): same terms, added in the same order.
      expect(scored.top(0, expected.length + 5)).toEqual(expected);
      expect(scored.top(0, 20)).toEqual(expected.slice(0, 20));
      expect(scored.top(35, 10)).toEqual(expected.slice(35, 45));
      const skip = new Set(
        expected
          .slice(0, 50)
          .filter((_, i) => i % 2 === 0)
          .map((r) => r.id),
      );
      expect(scored.top(5, 10, skip)).toEqual(expected.filter((r) => !skip.has(r.id)).slice(5, 15));
    }
  }
  expect(accumulate(t.db, "porter", weights, []).total).toBe(0);
  expect(accumulate(t.db, "porter", weights, queries[0]!).top(0, 0)).toEqual([]);
});

test("a phrase's scores: every document holding it, in rowid order, with FTS5's bm25 of the phrase alone", () => {
  const list = phraseScores(t.db, "porter", '"flow"', weights);
  const expected = t.db.all<{ id: number; score: number }>(
    sql`SELECT rowid AS id, bm25(documents_fts, 3, 1) AS score FROM documents_fts WHERE documents_fts MATCH '"flow"' ORDER BY rowid`,
  );
  expect(expected.length).toBeGreaterThan(100);
  expect([...list.ids]).toEqual(expected.map((r) => r.id));
  expect([...list.scores]).toEqual(expected.map((r) => r.score));
});

test("cached scores are dropped when the index changes: a new or deleted document is counted and ranked right away", async () => {
  const phrases = ['"wing"', '"shock"', '"wake"'];
  const before = accumulate(t.db, "porter", weights, phrases);
  expect(before.total).toBe(fts5(phrases).length);
  // A short document full of the rarest of the words: best score from now on.
  const added = await t.writer.run((db) =>
    insertDocument(db, { identifier: "new", content: "wake wake wake shock" }),
  );
  const after = accumulate(t.db, "porter", weights, phrases);
  expect(after.total).toBe(before.total + 1);
  expect(after.top(0, 1)[0]!.id).toBe(added.id);
  expect(after.top(0, 100)).toEqual(fts5(phrases).slice(0, 100));
  await t.writer.run((db) => deleteDocumentRow(db, added.id));
  const again = accumulate(t.db, "porter", weights, phrases);
  expect(again.total).toBe(before.total);
  expect(again.top(0, 100)).toEqual(fts5(phrases).slice(0, 100));
});

test("searchDocuments with phrases: the same page and count as the plain FTS5 query, tiers first", () => {
  const phrases = ['"wing"', '"flow"', '"shock"', '"jet"', '"coneh7"*'];
  // The later tiers split the first (as the planner's do): outside it, the order is by score.
  const query = orQuery(phrases, ['"wing" AND "flow"', '("wing" AND "flow") NOT "jet"']);
  expect(expectSamePages(query, phrases, [0, 20, 40, 400]).rows.length).toBe(20);
});

test("searches in some indexes: the documents of those indexes only, kept until a link changes", async () => {
  // Index "thirds" holds every third document, "fifths" every fifth; documents may be in both.
  const [thirds, fifths] = await t.writer.run((db) => {
    const a = insertIndex(db, "thirds").id;
    const b = insertIndex(db, "fifths").id;
    for (let id = 1; id <= 1500; id++) {
      const to = [...(id % 3 === 0 ? [a] : []), ...(id % 5 === 0 ? [b] : [])];
      addDocumentToIndexes(db, id, to);
    }
    return [a, b];
  });
  const phrases = ['"wing"', '"flow"', '"shock"', '"jet"', '"coneh7"*'];
  const tiers = ['"wing" AND "flow"', '("wing" AND "flow") NOT "jet"'];
  const query = orQuery(phrases, tiers, [thirds]);
  const same = (q: SearchDocumentsQuery) => expectSamePages(q, phrases, [0, 20, 300]);
  const inThirds = same(query);
  expect(inThirds.rows.every((r) => r.id % 3 === 0)).toBe(true);
  expect(inThirds.total).toBeLessThan(fts5(phrases).length / 2);
  const both = same({ ...query, indexIds: [fifths, thirds] });
  expect(both.rows.every((r) => r.id % 3 === 0 || r.id % 5 === 0)).toBe(true);
  expect(both.total).toBeGreaterThan(inThirds.total);

  // Moving the best document out of "thirds" changes no text (no FTS5 write): the links do.
  const best = inThirds.rows[0]!.id;
  const before = indexMembers(t.db, [thirds]);
  expect(before[best]).toBe(1);
  await t.writer.run((db) => setDocumentIndexes(db, best, [fifths]));
  expect(indexMembers(t.db, [thirds])[best]).toBe(0);
  const after = same(query);
  expect(after.total).toBe(inThirds.total - 1);
  expect(after.rows.map((r) => r.id)).not.toContain(best);
});

test("a second copy of this module (Next.js bundles it into each server bundle) collects into the same place", async () => {
  const path = "./term-scores.ts?second-copy";
  const copy = (await import(/* @vite-ignore */ path)) as typeof TermScores;
  expect(copy.phraseScores).not.toBe(phraseScores); // really another instance of the module
  // The connection's quire_collect is the first copy's function; the second copy reads it back.
  const list = copy.phraseScores(t.db, "porter", '"flow"', weights);
  expect(list.ids.length).toBeGreaterThan(100);
  expect([...list.ids]).toEqual([...phraseScores(t.db, "porter", '"flow"', weights).ids]);
  const phrases = ['"wing"', '"flow"', '"shock"'];
  expect(copy.accumulateScores(t.db, "porter", weights, phrases)!.top(0, 20)).toEqual(
    fts5(phrases).slice(0, 20),
  );
});

test("document ids beyond MAX_ACCUMULATED_ID: no scratch arrays that big, one FTS5 query answers instead", async () => {
  const phrases = ['"zzfar"', '"wing"', '"flow"'];
  const query = orQuery(phrases, ['"zzfar" AND "wing" AND "flow"']);
  const far = MAX_ACCUMULATED_ID + 1000;
  await t.writer.run((db) =>
    db.run(sql`INSERT INTO documents (id, content) VALUES (${far}, 'zzfar wing flow')`),
  );
  expect(accumulateScores(t.db, "porter", weights, phrases)).toBeNull();
  const plain = searchDocuments(t.db, query);
  expect(searchDocuments(t.db, { ...query, phrases })).toEqual(plain);
  expect(plain.rows[0]!.id).toBe(far); // the one document with every word
  expect(plain.total).toBe(fts5(phrases).length);
  await t.writer.run((db) => deleteDocumentRow(db, far));
  expect(accumulateScores(t.db, "porter", weights, phrases)).not.toBeNull();
});
