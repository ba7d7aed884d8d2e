import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";

import { importDocuments } from "../bulk";
import { runSearch } from "./search";
import { FREQUENT_WORDS_MIN_DOCUMENTS, vocabularyOf } from "./vocabulary";

// A big index (frequent-word handling starts at 10,000 documents): "the" in
// every document, "wing" in every tenth, "flap" in every hundredth.
const COUNT = FREQUENT_WORDS_MIN_DOCUMENTS + 500;
let t: ReturnType<typeof createTestSearchDatabase>;
beforeAll(async () => {
  t = createTestSearchDatabase();
  const docs = Array.from({ length: COUNT }, (_, i) => ({
    identifier: `d${i}`,
    content: `the ${i % 10 === 0 ? "wing" : "body"} ${i % 100 === 0 ? "flap" : "panel"} number${i}`,
  }));
  await importDocuments(t, "big", docs);
}, 60_000);
afterAll(() => t.cleanup());

const search = (q: string, over: Record<string, unknown> = {}) =>
  runSearch(t, { q, mode: "simple", pageSize: 5, ...over });

test("a word in more than half of a big index ranks nothing: it is not a candidate when other words are, and a query of only such words comes in document order", () => {
  const vocabulary = vocabularyOf(t, t.db);
  expect(vocabulary.documents).toBe(COUNT);
  expect(vocabulary.isFrequent("the")).toBe(true);
  expect(vocabulary.isFrequent("wing")).toBe(false);
  expect(vocabulary.isFrequent("th", true)).toBe(true); // a start of "the"

  const alone = search("the ");
  expect(alone.ranked).toBe(false);
  expect(alone.filteredCount).toBe(COUNT);
  expect(alone.documents.map((d) => d.identifier)).toEqual(["d0", "d1", "d2", "d3", "d4"]);
  expect(alone.documents[0]!.score).toBeUndefined();

  // "the wing": documents with both words first, ranked; "the" alone adds no candidates.
  const both = search("the wing ");
  expect(both.ranked).toBe(true);
  expect(both.filteredCount).toBe(COUNT / 10);
  expect(both.documents.every((d) => d.content.includes("wing"))).toBe(true);

  // Same first page as plain bm25 over every word (the frequent word adds ~1e-6 per document).
  const plain = search("wing flap ", { ranking: "bm25" });
  const ours = search("the wing flap ", { ranking: "bm25" });
  expect(ours.documents.map((d) => d.identifier)).toEqual(plain.documents.map((d) => d.identifier));

  // All words must match: the frequent word still counts.
  expect(search("the flap ", { matching: "all" }).filteredCount).toBe(COUNT / 100);
});
