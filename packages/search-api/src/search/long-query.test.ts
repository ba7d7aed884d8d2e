import { searchDocuments } from "@quire/search-db";
import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";

import { importDocuments } from "../bulk";
import { DEFAULT_WEIGHTS } from "../settings";
import { CANDIDATE_SHARE } from "./query";
import { runSearch } from "./search";
import { FREQUENT_WORDS_MIN_DOCUMENTS } from "./vocabulary";

// A big index (statistics start at 10,000 documents) with words of every
// frequency: "the" everywhere, "alpha" in a third, "beta" a quarter, "gamma"
// a seventh, "delta" one in 50, "omega" one in 97; documents of varied length.
const COUNT = FREQUENT_WORDS_MIN_DOCUMENTS + 500;
const WORDS: [string, number][] = [
  ["alpha", 3],
  ["beta", 4],
  ["gamma", 7],
  ["delta", 50],
  ["omega", 97],
];
const contents = Array.from({ length: COUNT }, (_, i) =>
  [
    "the",
    ...WORDS.filter(([, every]) => i % every === 0).map(([w]) => w),
    ...Array.from({ length: i % 11 }, (_, j) => `filler${(i + j) % 5}`),
    i % 13 === 0 ? "gamma alpha" : "",
  ].join(" "),
);
const has = (i: number, word: string) => contents[i]!.split(" ").includes(word);

let t: ReturnType<typeof createTestSearchDatabase>;
beforeAll(async () => {
  t = createTestSearchDatabase();
  await importDocuments(
    t,
    "big",
    contents.map((content, i) => ({
      identifier: `d${i}`,
      content,
      metadata: { parity: i % 2 === 0 ? "even" : "odd" },
    })),
  );
}, 60_000);
afterAll(() => t.cleanup());

const Q = "the alpha beta gamma delta omega ";
const search = (over: Record<string, unknown> = {}) =>
  runSearch(t, { q: Q, mode: "simple", pageSize: 20, ...over });
const index = (identifier: string | null) => Number(identifier!.slice(1));

test("a long query whose words are in most of a big index: the documents of its rarest words, ranked as by every word", () => {
  // "omega" (109) and "delta" (210) fit in 10% of the index; "gamma" would not.
  expect(CANDIDATE_SHARE).toBe(0.1);
  const candidates = contents.map((_, i) => i).filter((i) => has(i, "delta") || has(i, "omega"));
  const result = search();
  expect(result.ranked).toBe(true);
  expect(result.filteredCount).toBe(candidates.length);

  // The same order and scores as bm25 over every (non-frequent) word, the
  // documents with every word first, restricted to the candidates.
  const every = '"alpha" OR "beta" OR "gamma" OR "delta" OR "omega"';
  const reference = searchDocuments(t.db, {
    match: every,
    ranked: true,
    weights: DEFAULT_WEIGHTS,
    tiers: ['"the" AND "alpha" AND "beta" AND "gamma" AND "delta" AND "omega"'],
    indexIds: null,
    filters: [],
    ordering: [],
    limit: COUNT,
    offset: 0,
  }).rows.filter((r) => has(index(r.identifier), "delta") || has(index(r.identifier), "omega"));
  expect(reference).toHaveLength(candidates.length);

  // Paging reaches every counted document once, in that order.
  const paged: { identifier: string | null; score?: number }[] = [];
  for (let page = 1; page <= result.pages; page++) {
    paged.push(...search({ page, pageSize: 50 }).documents);
  }
  expect(paged).toHaveLength(result.filteredCount);
  expect(paged.map((d) => index(d.identifier)).sort((a, b) => a - b)).toEqual(candidates);
  paged.forEach((d, i) => {
    expect(d.identifier).toBe(reference[i]!.identifier);
    expect(d.score).toBeCloseTo(reference[i]!.score!, 9);
  });
  expect(result.documents.map((d) => d.identifier)).toEqual(
    paged.slice(0, 20).map((d) => d.identifier),
  );

  // Highlights mark every word of the query a document holds.
  const top = search({
    highlight: { start: "[", end: "]", crop: 24, ellipsis: "…" },
  }).documents[0]!;
  expect(top.identifier).toBe("d0");
  expect(top.highlight).toMatch(/^the \[alpha\] \[beta\] \[gamma\] \[delta\] \[omega\]/);

  // Facets count the same documents.
  const parity = search({ facets: ["parity"] }).facets!.parity!;
  expect(parity.documents).toBe(candidates.length);
  expect(parity.values.find((v) => v.value === "even")?.count).toBe(
    candidates.filter((i) => i % 2 === 0).length,
  );
});

test("plain bm25, all words and advanced mode select exactly what FTS5 matches", () => {
  const any = contents.filter((c) => /alpha|beta|gamma|delta|omega/.test(c)).length;
  expect(search({ ranking: "bm25" }).filteredCount).toBe(any);
  expect(search({ matching: "all" }).filteredCount).toBe(
    contents.map((_, i) => i).filter((i) => WORDS.every(([w]) => has(i, w))).length,
  );
  expect(
    runSearch(t, {
      q: "alpha OR beta OR gamma OR delta OR omega",
      mode: "advanced",
      pageSize: 20,
    }).filteredCount,
  ).toBe(any);
});
