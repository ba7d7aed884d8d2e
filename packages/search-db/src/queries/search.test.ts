import { afterEach, beforeEach, expect, test } from "vitest";

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
      { id: 3, identifier: null, content: "group commit of small writes", score: null },
      { id: 4, identifier: null, content: "closure tables for trees", score: null },
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
    highlight: "fts5 full-text search in [sqlite]",
    snippet: "…search in [sqlite]",
  });
  expect(
    highlightDocuments(t.db, "sqlite", [], { open: "", close: "", ellipsis: "", tokens: 500 }).size,
  ).toBe(0);
});
