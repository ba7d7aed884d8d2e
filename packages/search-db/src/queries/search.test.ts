import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { createTestSearchDatabase } from "../testing";
import { addDocumentToIndexes, insertDocument } from "./documents";
import { insertIndex } from "./indexes";
import { replaceMetadata } from "./metadata";
import { checkMatchExpression, highlightDocuments, looksNumeric, searchDocuments } from "./search";
import type { SearchDocumentsQuery } from "./search";

let t: ReturnType<typeof createTestSearchDatabase>;
beforeEach(async () => {
  t = createTestSearchDatabase();
  await t.writer.run((db) => {
    const a = insertIndex(db, "a").id;
    const b = insertIndex(db, "b").id;
    const rows: [string, string | null, number[], Record<string, string>][] = [
      ["sqlite write-ahead logging", "wal", [a], { year: "2010", tag: "db" }],
      ["fts5 full-text search in sqlite", "fts", [a, b], { year: "2015", tag: "search" }],
      ["group commit of small writes", null, [b], { year: "9", tag: "db" }],
      ["closure tables for trees", null, [], { year: "2017", tag: "100%_sure" }],
    ];
    for (const [content, identifier, indexIds, meta] of rows) {
      const doc = insertDocument(db, { content, identifier });
      addDocumentToIndexes(db, doc.id, indexIds);
      replaceMetadata(db, doc.id, meta);
    }
  });
});
afterEach(() => t.cleanup());

const base: SearchDocumentsQuery = {
  match: null,
  ranked: false,
  indexIds: null,
  filters: [],
  ordering: [],
  limit: 10,
  offset: 0,
};
const ids = (q: Partial<SearchDocumentsQuery>) =>
  searchDocuments(t.db, { ...base, ...q }).rows.map((r) => r.id);

test("looksNumeric follows Scout: optional minus, digits, one dot", () => {
  for (const yes of ["0", "12", "-3", "1.5", ".5", "5.", "-0.25"])
    expect(looksNumeric(yes), yes).toBe(true);
  for (const no of ["", "-", ".", "1.2.3", "1e5", "--1", "2010-06-01", " 1", "abc", "١٢"])
    expect(looksNumeric(no), no).toBe(false);
});

test("without a query: every document by id, filtered by indexes", () => {
  expect(ids({})).toEqual([1, 2, 3, 4]);
  expect(ids({ indexIds: [2] })).toEqual([2, 3]);
  expect(ids({ indexIds: [1, 2] })).toEqual([1, 2, 3]);
  expect(ids({ indexIds: [] })).toEqual([]);
  expect(searchDocuments(t.db, { ...base, limit: 2, offset: 2 })).toEqual({
    rows: [
      {
        id: 3,
        identifier: null,
        title: null,
        content: "group commit of small writes",
        score: null,
      },
      { id: 4, identifier: null, title: null, content: "closure tables for trees", score: null },
    ],
    total: 4,
  });
});

test("ranked matches carry negative bm25 scores, best first; ordering overrides", () => {
  const { rows, total } = searchDocuments(t.db, { ...base, match: "sqlite", ranked: true });
  expect(total).toBe(2);
  expect(rows.every((r) => r.score !== null && r.score < 0)).toBe(true);
  expect(rows[0]!.score).toBeLessThanOrEqual(rows[1]!.score!);
  expect(ids({ match: "sqlite", ranked: true, ordering: [{ key: "id", desc: true }] })).toEqual([
    2, 1,
  ]);
  expect(ids({ match: "sqlite OR trees", ordering: [{ key: "content", desc: false }] })).toEqual([
    4, 2, 1,
  ]);
  expect(ids({ ordering: [{ key: "identifier", desc: true }] })).toEqual([1, 2, 3, 4]);
  expect(searchDocuments(t.db, { ...base, match: "sqlite" }).rows[0]!.score).toBeNull();
});

test("metadata filters: operators, numeric casts, LIKE wildcards taken literally, OR within, AND across", () => {
  const f = (
    key: string,
    op: SearchDocumentsQuery["filters"][number]["op"],
    ...values: string[]
  ) => ({ key, op, values });
  expect(ids({ filters: [f("tag", "eq", "db")] })).toEqual([1, 3]);
  expect(ids({ filters: [f("tag", "ne", "db")] })).toEqual([2, 4]);
  expect(ids({ filters: [f("year", "gt", "100")] })).toEqual([1, 2, 4]); // numeric: 9 is not > 100
  expect(ids({ filters: [f("year", "lt", "2012")] })).toEqual([1, 3]);
  expect(ids({ filters: [f("year", "lt", "2012a")] })).toEqual([1]); // text comparison: "9" > "2012a"
  expect(ids({ filters: [f("year", "in", "2010, 9 ,2099")] })).toEqual([1, 3]);
  expect(ids({ filters: [f("tag", "contains", "%_")] })).toEqual([4]);
  expect(ids({ filters: [f("tag", "contains", "EAR")] })).toEqual([2]);
  expect(ids({ filters: [f("tag", "startswith", "d")] })).toEqual([1, 3]);
  expect(ids({ filters: [f("tag", "endswith", "sure")] })).toEqual([4]);
  expect(ids({ filters: [f("tag", "regex", "^(db|search)$")] })).toEqual([1, 2, 3]);
  expect(ids({ filters: [f("tag", "eq", "db", "search")] })).toEqual([1, 2, 3]);
  expect(ids({ filters: [f("tag", "eq", "db"), f("year", "ge", "2000")] })).toEqual([1]);
  expect(ids({ match: "writes", filters: [f("tag", "eq", "db")], indexIds: [2] })).toEqual([3]);
  expect(ids({ filters: [f("missing", "eq", "x")] })).toEqual([]);
});

test("a malformed MATCH expression throws SQLite's own message", () => {
  expect(() => checkMatchExpression(t.db, '"open')).toThrow("unterminated string");
  expect(() => checkMatchExpression(t.db, "a AND")).toThrow(/fts5: syntax error/);
  expect(() => checkMatchExpression(t.db, "sqlite")).not.toThrow();
});

test("highlight and snippet for the given documents only", () => {
  const marks = highlightDocuments(t.db, "sqlite", [2], {
    open: "[",
    close: "]",
    ellipsis: "…",
    tokens: 3,
  });
  expect([...marks.keys()]).toEqual([2]);
  expect(marks.get(2)).toEqual({
    title: null,
    highlight: "fts5 full-text search in [sqlite]",
    snippet: "…search in [sqlite]",
  });
  expect(
    highlightDocuments(t.db, "sqlite", [], { open: "", close: "", ellipsis: "", tokens: 500 }).size,
  ).toBe(0);
});

describe("titles, column weights and ranking tiers", () => {
  let q: ReturnType<typeof createTestSearchDatabase>;
  beforeEach(async () => {
    q = createTestSearchDatabase();
    await q.writer.run((db) => {
      // 1: "wing" in the body only; 2: in the title only; 3: "wing" and "flow"; 4: "flow" twice.
      insertDocument(db, { content: "a wing in a stream of air", title: "propellers" });
      insertDocument(db, {
        content: "measurements of the pressure on a slender body",
        title: "the wing",
      });
      insertDocument(db, { content: "flow around a wing at low speed" });
      insertDocument(db, { content: "flow flow flow separation" });
    });
  });
  afterEach(() => q.cleanup());
  const page = (over: Partial<SearchDocumentsQuery>) =>
    searchDocuments(q.db, { ...base, ranked: true, ...over });

  test("the title is indexed in its own column and weighted by bm25's column weights", () => {
    expect(page({ match: "title:wing" }).rows.map((r) => r.id)).toEqual([2]);
    const equal = page({ match: "wing" }).rows;
    const weighted = page({ match: "wing", weights: { title: 10, content: 1 } }).rows;
    expect(weighted[0]!.id).toBe(2);
    expect(weighted[0]!.score!).toBeLessThan(equal.find((r) => r.id === 2)!.score!);
    expect(weighted[0]).toMatchObject({ title: "the wing" });
  });

  test("tiers rank their documents first; the cascade gives the same order as one query, page by page", () => {
    const tiers = ['"wing" AND "flow"'];
    const all = page({ match: '"wing" OR "flow"', tiers, limit: 10 });
    expect(all.total).toBe(4);
    expect(all.rows[0]!.id).toBe(3); // the only document with both words
    const plain = page({ match: '"wing" OR "flow"', limit: 10 }).rows.map((r) => r.id);
    expect(new Set(plain)).toEqual(new Set(all.rows.map((r) => r.id)));
    // Each page of one row agrees with the full ranking, across the tier boundary.
    const paged = [0, 1, 2, 3].map(
      (offset) => page({ match: '"wing" OR "flow"', tiers, limit: 1, offset }).rows[0]!.id,
    );
    expect(paged).toEqual(all.rows.map((r) => r.id));
    // Scores do not depend on the query the row came from.
    const scores = new Map(
      page({ match: '"wing" OR "flow"', limit: 10 }).rows.map((r) => [r.id, r.score]),
    );
    for (const row of all.rows) expect(row.score).toBeCloseTo(scores.get(row.id)!, 10);
    // A second tier orders within the first.
    const two = page({
      match: '"wing" OR "flow"',
      tiers: ['"wing" AND "flow"', '"flow"'],
      limit: 10,
    });
    expect(two.rows.map((r) => r.id).slice(0, 2)).toEqual([3, 4]);
  });

  test("filters and explicit ordering still apply with tiers", () => {
    expect(
      page({ match: '"wing" OR "flow"', tiers: ['"wing" AND "flow"'], indexIds: [] }).total,
    ).toBe(0);
    expect(
      page({
        match: '"wing" OR "flow"',
        tiers: ['"wing"'],
        ordering: [{ key: "id", desc: true }],
      }).rows.map((r) => r.id),
    ).toEqual([4, 3, 2, 1]);
    expect(
      page({ match: "wing", ordering: [{ key: "title", desc: false }] }).rows.map((r) => r.id),
    ).toEqual([3, 1, 2]);
  });
});

test("highlights of titles, prefixes and NOT, page after page", async () => {
  await t.writer.run((db) => {
    insertDocument(db, { content: "writers commit writes in groups", title: "Group writes" });
  });
  const opts = { open: "[", close: "]", ellipsis: "…", tokens: 64 };
  for (let round = 0; round < 2; round++) {
    const marks = highlightDocuments(t.db, '"writ"* NOT "sqlite"', [1, 3, 5], opts);
    expect([...marks.keys()].sort()).toEqual([3, 5]);
    expect(marks.get(5)).toEqual({
      title: "Group [writes]",
      highlight: "[writers] commit [writes] in groups",
      snippet: "[writers] commit [writes] in groups",
    });
    expect(marks.get(3)!.title).toBeNull();
  }
});
