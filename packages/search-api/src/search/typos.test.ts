import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { createDocument } from "../documents";
import { createIndex } from "../indexes";
import { scoutClient } from "../scout/testing";
import { runSearch } from "./search";
import {
  allowedTypos,
  editDistance,
  stemDistance,
  suffixCosts,
  Vocabulary,
  vocabularyOf,
} from "./typos";

const chars = (s: string) => [...s];

test("edit distance: insertions, deletions, substitutions, swaps of neighbours; early cut-off", () => {
  expect(editDistance(chars("connection"), chars("conection"), 2)).toBe(1);
  expect(editDistance(chars("form"), chars("from"), 2)).toBe(1); // one swap
  expect(editDistance(chars("wing"), chars("king"), 2)).toBe(1);
  expect(editDistance(chars("ca"), chars("abc"), 3)).toBe(3); // restricted: no edit inside a swap
  expect(editDistance(chars("aerodynamic"), chars("aerodinamik"), 2)).toBe(2);
  expect(editDistance(chars("short"), chars("a much longer word"), 2)).toBe(3);
  expect(editDistance(chars("über"), chars("uber"), 1)).toBe(1); // code points
});

test("Meilisearch's thresholds: none below 5 letters, one from 5, two from 9", () => {
  expect([4, 5, 8, 9, 20].map(allowedTypos)).toEqual([0, 1, 1, 2, 2]);
});

test("a word compares with a stem as stem + suffix, so a typo in the suffix still finds it", () => {
  const word = chars("tolerancs");
  const tails = suffixCosts(word, 1);
  expect(tails[5]).toBe(1); // "ancs" is one edit from "ance"/"ances"
  expect(stemDistance(chars("toler"), word, tails, 5, 1)).toBe(1);
  expect(
    stemDistance(chars("these"), chars("thesaurus"), suffixCosts(chars("thesaurus"), 2), 5, 2),
  ).toBe(3);
});

test("corrections come from the vocabulary: closest first, then most frequent; a first-letter typo counts two", () => {
  const v = new Vocabulary([
    { term: "connect", docs: 40 },
    { term: "wing", docs: 30 },
    { term: "aerodynam", docs: 12 },
    { term: "conduct", docs: 5 },
    { term: "toler", docs: 3 },
    { term: "gonnect", docs: 100 },
  ]);
  expect(v.corrections("conection", "conect", 1, 2).map((c) => [c.term, c.typos])).toEqual([
    ["connect", 1],
    ["conduct", 2], // "conduction": two typos, allowed for a 9-letter word
  ]);
  // A different first letter counts two: fine for a 9-letter word, not for a 7-letter one.
  expect(v.corrections("xonnections", "xonnect", 1, 2).map((c) => [c.term, c.typos])).toEqual([
    ["gonnect", 2], // same typos: the more frequent first
    ["connect", 2],
  ]);
  expect(v.corrections("xonnect", "xonnect", 1, 1)).toEqual([]);
  expect(v.corrections("conects", "conect", 1, 1).map((c) => c.term)).toEqual(["connect"]);
  expect(v.corrections("wnig", "wnig", 0, 0)).toEqual([]);
  expect(v.corrections("aerodinamic", "aerodinam", 2, 2).map((c) => c.term)).toEqual(["aerodynam"]);
  expect(v.corrections("tolerancs", "toleranc", 1, 1).map((c) => c.term)).toEqual(["toler"]);
  expect(v.hasPrefix("aero")).toBe(true);
  expect(v.hasPrefix("aeroz")).toBe(false);
});

let t: ReturnType<typeof createTestSearchDatabase>;
beforeEach(async () => {
  t = createTestSearchDatabase();
  await createIndex(t, "papers");
  for (const [identifier, content] of [
    ["c1", "the connection between the wing and the fuselage"],
    ["c2", "connections of aerodynamic loads"],
    ["a1", "aerodynamic heating of a blunt body"],
    ["d1", "heat conduction in the skin"],
    ["f1", "flow over a flat plate"],
  ] as const) {
    await createDocument(t, { content, identifier, indexes: ["papers"] });
  }
});
afterEach(() => t.cleanup());

const ids = (q: string, options: { typos?: boolean; matching?: "any" | "all" } = {}) =>
  runSearch(t, { q, mode: "simple", pageSize: 20, ...options }).documents.map((d) => d.identifier);

test("misspelled words find the documents; typos=false or another ranking turns it off", () => {
  expect(ids("aerodinamic ").sort()).toEqual(["a1", "c2"]);
  expect(ids("conection ", { typos: false })).toEqual([]);
  expect(
    runSearch(t, { q: "conection ", mode: "simple", pageSize: 5, ranking: "bm25" }).filteredCount,
  ).toBe(0);
  // Short words get no typos; phrases and numbers neither; a known word is never corrected.
  expect(ids("wnig ")).toEqual([]);
  expect(ids('"conection" ')).toEqual([]);
  expect(ids("heat ")).toEqual(["d1", "a1"]);
  // Two words, all must match: the correction counts for its word.
  expect(ids("conection fuselage ", { matching: "all" })).toEqual(["c1"]);
  // Highlights mark the corrected words.
  const hit = runSearch(t, {
    q: "aerodinamic ",
    mode: "simple",
    pageSize: 5,
    highlight: { start: "[", end: "]", crop: 10, ellipsis: "…" },
  }).documents[0]!;
  expect(hit.highlight).toContain("[aerodynamic]");
});

test("closer corrections rank first: one typo before two, on every page", () => {
  // "connection" is one typo from "conection", "conduction" two.
  expect(ids("conection ")).toEqual(["c2", "c1", "d1"]);
  const pages = [1, 2, 3].map(
    (page) =>
      runSearch(t, { q: "conection ", mode: "simple", pageSize: 1, page }).documents[0]!.identifier,
  );
  expect(pages).toEqual(["c2", "c1", "d1"]);
  // A word still being typed that starts a known word is taken as that start, not corrected.
  expect(ids("conduc")).toEqual(["d1"]);
});

test("the vocabulary follows writes: a new word can be a correction at once (small index)", async () => {
  expect(ids("fusilage ")).toEqual(["c1"]);
  expect(ids("sealant ")).toEqual([]);
  const before = vocabularyOf(t, t.db);
  await createDocument(t, {
    content: "a sealant for the joints",
    identifier: "s1",
    indexes: ["papers"],
  });
  expect(ids("sealamt ")).toEqual(["s1"]);
  expect(vocabularyOf(t, t.db)).not.toBe(before);
  expect(vocabularyOf(t, t.db)).toBe(vocabularyOf(t, t.db)); // cached while nothing changes
});

test("REST: typos=0 turns typo tolerance off; a bad value is a 400", async () => {
  const scout = scoutClient(t);
  const on = await scout("GET", "/papers/?mode=simple&q=conection%20");
  expect(on.body.filtered_count).toBe(3);
  const off = await scout("GET", "/papers/?mode=simple&q=conection%20&typos=0");
  expect(off.body.filtered_count).toBe(0);
  expect((await scout("GET", "/papers/?mode=simple&q=x&typos=maybe")).status).toBe(400);
  // Scout's own syntax (advanced mode) is never corrected.
  expect((await scout("GET", "/papers/?q=conection")).body.filtered_count).toBe(0);
});
