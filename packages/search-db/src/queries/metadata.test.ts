import { afterEach, beforeEach, expect, test } from "vitest";

import { createTestSearchDatabase } from "../testing";
import { addDocumentToIndexes, insertDocument } from "./documents";
import { declaredTypes, inferredFieldTypes, listIndexFields, setIndexFields } from "./fields";
import { insertIndex } from "./indexes";
import { mergeMetadata, numberAs, replaceMetadata, typedMetadata } from "./metadata";
import { facetCounts, searchDocuments } from "./search";
import type { SearchDocumentsQuery } from "./search";

test("types are inferred from the text: booleans, Scout-style numbers, ISO dates (UTC without an offset), else text", () => {
  expect(typedMetadata("True")).toEqual({ type: "boolean", num: 1 });
  expect(typedMetadata("false")).toEqual({ type: "boolean", num: 0 });
  expect(typedMetadata("-12")).toEqual({ type: "number", num: -12 });
  expect(typedMetadata(".5")).toEqual({ type: "number", num: 0.5 });
  expect(typedMetadata("2024")).toEqual({ type: "number", num: 2024 });
  expect(typedMetadata("2024-05-01")).toEqual({ type: "date", num: Date.UTC(2024, 4, 1) });
  expect(typedMetadata("2024-05-01T10:30")).toEqual({
    type: "date",
    num: Date.UTC(2024, 4, 1, 10, 30),
  });
  expect(typedMetadata("2024-05-01T10:30:00+02:00")).toEqual({
    type: "date",
    num: Date.UTC(2024, 4, 1, 8, 30),
  });
  for (const text of ["1e5", "2024-13-45", "2024-05-01 10:30", "yes", "", "1,5", "0x10"]) {
    expect(typedMetadata(text).type, text).toBe("string");
  }
  expect(numberAs("number", "3")).toBe(3);
  expect(numberAs("number", "2024-05-01")).toBeNull();
  expect(numberAs("date", "2024-05-01")).toBe(Date.UTC(2024, 4, 1));
  expect(numberAs("string", "3")).toBeNull();
});

let t: ReturnType<typeof createTestSearchDatabase>;
let idx: number;
beforeEach(async () => {
  t = createTestSearchDatabase();
  idx = await t.writer.run((db) => {
    const index = insertIndex(db, "papers").id;
    const rows: Record<string, string>[] = [
      { year: "1999", published: "1999-03-01", open: "True", topic: "wings", zip: "02139" },
      { year: "2010", published: "2010-06-15", open: "False", topic: "flow", zip: "10001" },
      { year: "9", published: "2011-01-01T12:00:00Z", open: "true", topic: "wings" },
      { year: "n/a", topic: "heat" },
      { topic: "flow", zip: "9999" },
    ];
    for (const meta of rows) {
      const id = insertDocument(db, { content: `document about ${meta.topic}` }).id;
      addDocumentToIndexes(db, id, [index]);
      replaceMetadata(db, id, meta);
    }
    return index;
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
const f = (
  key: string,
  op: "eq" | "ne" | "gt" | "ge" | "lt" | "le",
  value: string,
  type?: "string" | "number" | "date" | "boolean",
) => ({
  key,
  op,
  values: [value],
  ...(type ? { type } : {}),
});

test("stored with their types; merging retypes", async () => {
  expect(
    t.sqlite.prepare("SELECT type, num FROM metadata WHERE document_id = 1 ORDER BY key").all(),
  ).toEqual([
    { type: "boolean", num: 1 },
    { type: "date", num: Date.UTC(1999, 2, 1) },
    { type: "string", num: null },
    { type: "number", num: 1999 },
    { type: "number", num: 2139 },
  ]);
  await t.writer.run((db) => mergeMetadata(db, 1, { year: "unknown" }));
  expect(
    t.sqlite.prepare("SELECT type, num FROM metadata WHERE document_id = 1 AND key = 'year'").get(),
  ).toEqual({ type: "string", num: null });
});

test("filters compare numbers with numbers and dates with dates; equality also across spellings", () => {
  expect(ids({ filters: [f("year", "gt", "100")] })).toEqual([1, 2]); // "n/a" and 9 out
  expect(ids({ filters: [f("year", "lt", "100")] })).toEqual([3]);
  expect(ids({ filters: [f("published", "ge", "2010-01-01")] })).toEqual([2, 3]);
  expect(ids({ filters: [f("published", "lt", "2011-01-01T12:00:00Z")] })).toEqual([1, 2]);
  expect(ids({ filters: [f("open", "eq", "true")] })).toEqual([1, 3]); // "True" and "true"
  expect(ids({ filters: [f("year", "eq", "2010.0")] })).toEqual([2]);
  expect(ids({ filters: [f("year", "ne", "2010")] })).toEqual([1, 3, 4]);
  expect(ids({ filters: [f("year", "gt", "m")] })).toEqual([4]); // text: "n/a" > "m"
  // Declared string: text comparison even for numbers ("10001" < "9999" as text).
  expect(ids({ filters: [f("zip", "lt", "5", "string")] })).toEqual([1, 2]);
  expect(ids({ filters: [f("zip", "lt", "5")] })).toEqual([]);
});

test("sorting by a metadata value: typed, missing values last either way, declared types honoured", () => {
  const by = (field: string, desc: boolean, type?: "string" | "number") =>
    ids({ ordering: [{ key: "metadata", field, desc, ...(type ? { type } : {}) }] });
  expect(by("year", false)).toEqual([3, 1, 2, 4, 5]); // 9 < 1999 < 2010, then text, then none
  expect(by("year", true)).toEqual([2, 1, 3, 4, 5]);
  expect(by("published", false)).toEqual([1, 2, 3, 4, 5]);
  expect(by("zip", false, "string")).toEqual([1, 2, 5, 3, 4]); // "02139" < "10001" < "9999"
  expect(by("zip", false, "number")).toEqual([1, 5, 2, 3, 4]);
  expect(
    ids({
      match: "document",
      ordering: [
        { key: "metadata", field: "topic", desc: false },
        { key: "id", desc: true },
      ],
    }),
  ).toEqual([5, 2, 4, 3, 1]);
});

test("facets: exact value counts over the whole selection, most frequent first, with numeric range", () => {
  const facets = facetCounts(
    t.db,
    { ...base, limit: 1 },
    [{ key: "topic" }, { key: "year" }, { key: "year", type: "number" }, { key: "missing" }],
    2,
  );
  expect(facets.get("topic")).toEqual({
    values: [
      { value: "flow", count: 2 },
      { value: "wings", count: 2 },
    ],
    documents: 5,
    distinct: 3,
    min: null,
    max: null,
  });
  expect(facets.get("missing")).toEqual({
    values: [],
    documents: 0,
    distinct: 0,
    min: null,
    max: null,
  });
  // The last request for a key wins in the map; typed: only numbers count.
  expect(facets.get("year")).toMatchObject({ documents: 3, distinct: 3, min: 9, max: 2010 });
  const filtered = facetCounts(t.db, { ...base, match: "wings" }, [{ key: "topic" }], 10);
  expect(filtered.get("topic")!.values).toEqual([{ value: "wings", count: 2 }]);
  const none = facetCounts(t.db, { ...base, indexIds: [] }, [{ key: "topic" }], 10);
  expect(none.get("topic")!.documents).toBe(0);
});

test("declared types per index: listed, changed, agreed on across indexes, and inferred types summed", async () => {
  const other = await t.writer.run((db) => {
    setIndexFields(db, idx, { zip: "string", year: "number" });
    const id = insertIndex(db, "other").id;
    setIndexFields(db, id, { zip: "number", year: "number" });
    return id;
  });
  expect(listIndexFields(t.db, idx)).toEqual({ year: "number", zip: "string" });
  expect(declaredTypes(t.db, [idx], ["zip", "year", "topic"])).toEqual(
    new Map([
      ["zip", "string"],
      ["year", "number"],
    ]),
  );
  expect(declaredTypes(t.db, [idx, other], ["zip", "year"])).toEqual(new Map([["year", "number"]]));
  expect(declaredTypes(t.db, null, ["zip"]).size).toBe(0);
  await t.writer.run((db) => setIndexFields(db, idx, { zip: null }));
  expect(listIndexFields(t.db, idx)).toEqual({ year: "number" });
  expect(inferredFieldTypes(t.db, idx).year).toEqual({ number: 3, string: 1 });
});
