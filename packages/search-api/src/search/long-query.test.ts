import { termScoreCacheStats } from "@quire/search-db";
import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";

import { importDocuments } from "../bulk";
import { getIndexByName } from "../indexes";
import { DEFAULT_HIGHLIGHT, runSearch } from "./search";
import type { SearchRequest } from "./search";

// Natural-language questions ("how do subsonic and transonic flutter data
// compare …") are any-queries of many words: the search scores them phrase by
// phrase from cached per-phrase scores. Here every such search is compared
// with the same search forced down the one-FTS5-query path (a metadata filter
// every document passes turns the phrase-by-phrase path off).
const words = [
  "wing",
  "flow",
  "shock",
  "layer",
  "boundary",
  "panel",
  "heat",
  "transfer",
  "plate",
  "cone",
  "jet",
  "wake",
  "flutter",
  "subsonic",
  "transonic",
  "hypersonic",
  "pressure",
  "cylinder",
  "buckling",
  "shell",
  "vibration",
  "stress",
  "laminar",
  "turbulent",
  "reynolds",
  "number",
  "surface",
  "body",
  "revolution",
  "computer",
  "method",
  "solution",
  "theory",
  "experiment",
];
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
const rand = random(11);
const pick = () => words[Math.floor(words.length * rand() ** 2)]!;
const text = (n: number) => Array.from({ length: n }, pick).join(" ");

let t: ReturnType<typeof createTestSearchDatabase>;
let indexIds: number[];
beforeAll(async () => {
  t = createTestSearchDatabase();
  await importDocuments(
    t,
    "questions",
    Array.from({ length: 3000 }, (_, i) => ({
      identifier: `d${i}`,
      ...(i % 4 === 0 ? { title: text(2 + (i % 5)) } : {}),
      content: text(4 + Math.floor(rand() * 60)),
      metadata: { all: "yes" },
    })),
  );
  indexIds = [getIndexByName(t, "questions").id];
}, 60_000);
afterAll(() => t.cleanup());

const questions = [
  "how do subsonic and transonic flutter data compare with similar data for a wing ",
  "can the transverse potential flow about a body of revolution be calculated by a computer",
  "what is the effect of reynolds number on laminar boundary layer heat transfer on a cone ",
  "buckling of cylindrical shells under stress and vibration of panels and plates",
  'pressure on a "flat plate" in hypersonic flow with shock and wake ',
  "flutre of a wign in turbulnet flow ", // typos: corrections are more phrases
  "jet wake exp",
];

test("long any-queries: the same pages, scores and counts as one FTS5 query, typos and prefixes included", () => {
  const request = (q: string, page: number): SearchRequest => ({
    q,
    mode: "simple",
    indexIds,
    pageSize: 10,
    page,
    highlight: DEFAULT_HIGHLIGHT,
  });
  const forced = [{ key: "all", op: "eq" as const, values: ["yes"] }];
  for (const q of questions) {
    for (const page of [1, 2, 3, 40]) {
      const fast = runSearch(t, request(q, page));
      const plain = runSearch(t, { ...request(q, page), filters: forced });
      expect(fast.filteredCount, q).toBe(plain.filteredCount);
      expect(fast.filteredCount, q).toBeGreaterThan(1000);
      expect(fast.documents, `${q} page ${page}`).toEqual(plain.documents);
    }
  }
  // The phrase-by-phrase path did run: its cache holds the questions' phrases.
  expect(termScoreCacheStats(t.db).phrases).toBeGreaterThan(words.length / 2);
});

test("after a write, a long query sees the new document at once, ranked as one FTS5 query ranks it", async () => {
  const q = "subsonic transonic hypersonic flutter of a wing ";
  runSearch(t, { q, mode: "simple", indexIds, pageSize: 5 });
  await importDocuments(t, "questions", [
    {
      identifier: "new",
      content: "subsonic transonic hypersonic flutter of a wing",
      metadata: { all: "yes" },
    },
  ]);
  const fast = runSearch(t, { q, mode: "simple", indexIds, pageSize: 5 });
  const plain = runSearch(t, {
    q,
    mode: "simple",
    indexIds,
    pageSize: 5,
    filters: [{ key: "all", op: "eq", values: ["yes"] }],
  });
  expect(fast.documents).toEqual(plain.documents);
  expect(fast.documents[0]!.identifier).toBe("new");
  expect(fast.filteredCount).toBe(plain.filteredCount);
});

test("in one index of several: the same pages and counts as one FTS5 query, that index's documents only", async () => {
  await importDocuments(
    t,
    "half",
    Array.from({ length: 1500 }, (_, i) => ({
      identifier: `d${2 * i}`,
      content: text(4 + Math.floor(rand() * 60)),
      metadata: { all: "yes" },
    })),
  );
  const half = [getIndexByName(t, "half").id];
  for (const q of questions) {
    for (const page of [1, 3]) {
      const request: SearchRequest = { q, mode: "simple", indexIds: half, pageSize: 10, page };
      const fast = runSearch(t, request);
      const plain = runSearch(t, {
        ...request,
        filters: [{ key: "all", op: "eq", values: ["yes"] }],
      });
      expect(fast.filteredCount, q).toBe(plain.filteredCount);
      expect(fast.documents, `${q} page ${page}`).toEqual(plain.documents);
      expect(fast.documents.every((d) => d.indexes.includes("half"))).toBe(true);
    }
  }
});
