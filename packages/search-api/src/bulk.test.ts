import { readAutomerge } from "@quire/search-db";
import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { bulkRow, ImportParseError, importDocuments } from "./bulk";
import type { ImportProgress } from "./bulk";
import { getDocument } from "./documents";
import { ScoutError } from "./errors";
import { runSearch } from "./search/search";

let t: ReturnType<typeof createTestSearchDatabase>;
beforeEach(() => {
  t = createTestSearchDatabase();
});
afterEach(() => t.cleanup());

test("bulkRow: content required, identifier charset, metadata as strings, no unknown keys", () => {
  expect(
    bulkRow({
      content: "x",
      identifier: "a:1",
      title: "T",
      metadata: { n: 1, ok: true, gone: null },
    }),
  ).toEqual({
    identifier: "a:1",
    title: "T",
    content: "x",
    metadata: { n: "1", ok: "True" },
  });
  expect(bulkRow({ content: 5 })).toEqual({
    identifier: null,
    title: null,
    content: "5",
    metadata: undefined,
  });
  for (const [item, message] of [
    [null, "Each document must be a JSON object."],
    [[], "Each document must be a JSON object."],
    [{}, "Missing required fields: content"],
    [{ content: "" }, "Missing required fields: content"],
    [{ content: "x", identifier: "no spaces" }, /Identifier may only consist/],
    [{ content: "x", extra: 1, body: 2 }, "Invalid keys: body, extra"],
    [{ content: "x", metadata: [1] }, "Metadata must be a JSON object."],
    [{ content: {} }, '"content" must be a string.'],
  ] as const) {
    expect(() => bulkRow(item), JSON.stringify(item)).toThrow(message);
  }
});

test("imports thousands of documents group-committed, with progress and exact counts; bad items are reported, the rest go in", async () => {
  const items: unknown[] = [];
  for (let i = 0; i < 3000; i++) {
    items.push({
      identifier: `doc-${i}`,
      title: `Title ${i}`,
      content: `body number ${i} about wings`,
      metadata: { i },
    });
  }
  items.splice(10, 0, { content: "" }); // item 11
  items.splice(20, 0, new ImportParseError("Unexpected token } in JSON")); // item 21
  items.push({ identifier: "doc-5", content: "replaced", metadata: { i: 5 } }); // an upsert of item 6
  const seen: ImportProgress[] = [];
  const batchesBefore = t.writer.metrics().batches;
  const result = await importDocuments(t, "bulk", items, {
    batchSize: 100,
    onProgress: (p) => seen.push(p),
  });
  expect(result).toEqual({
    index: "bulk",
    read: 3003,
    created: 3000,
    updated: 1,
    failed: 2,
    documentCount: 3000,
    errors: [
      { item: 11, error: "Missing required fields: content" },
      { item: 21, error: "Unexpected token } in JSON" },
    ],
  });
  // Progress only grows, and the last report equals the result.
  for (let i = 1; i < seen.length; i++) {
    expect(seen[i]!.created + seen[i]!.updated).toBeGreaterThanOrEqual(
      seen[i - 1]!.created + seen[i - 1]!.updated,
    );
  }
  expect(seen.at(-1)).toEqual({ read: 3003, created: 3000, updated: 1, failed: 2 });
  // 31 units, several committed together.
  expect(t.writer.metrics().batches - batchesBefore).toBeLessThan(31);
  expect(getDocument(t, "doc-5")).toMatchObject({
    content: "replaced",
    title: null,
    indexes: ["bulk"],
  });
  expect(getDocument(t, "doc-2999")).toMatchObject({
    title: "Title 2999",
    metadata: { i: "2999" },
  });
  const found = runSearch(t, { q: "wings", mode: "simple", pageSize: 5 });
  expect(found.filteredCount).toBe(2999);
  // Importing again updates in place: counts stay exact.
  const again = await importDocuments(t, "bulk", items.slice(0, 50));
  expect(again).toMatchObject({ created: 0, updated: 48, failed: 2, documentCount: 3000 });
});

test("async input, an existing index, an unknown index refused when asked not to create it", async () => {
  async function* gen() {
    for (let i = 0; i < 5; i++) {
      await Promise.resolve();
      yield { content: `async ${i}` };
    }
  }
  expect(await importDocuments(t, "stream", gen(), { batchSize: 2 })).toMatchObject({
    created: 5,
    documentCount: 5,
  });
  expect(
    await importDocuments(t, "stream", [{ content: "more" }], { createIndex: false }),
  ).toMatchObject({
    created: 1,
    documentCount: 6,
  });
  await expect(importDocuments(t, "missing", [], { createIndex: false })).rejects.toBeInstanceOf(
    ScoutError,
  );
  await expect(importDocuments(t, "documents", [])).rejects.toThrow(
    '"documents" is a reserved name.',
  );
});

test("while importing, FTS5 merges less often; afterwards the setting is back and the index merged and sound", async () => {
  const items = Array.from({ length: 2000 }, (_, i) => ({ content: `merge test ${i} wings` }));
  const during: number[] = [];
  await importDocuments(t, "merge", items, {
    batchSize: 100,
    onProgress: () => during.push(readAutomerge(t.db)),
  });
  expect(during.slice(0, -1).every((v) => v === 16)).toBe(true);
  expect(readAutomerge(t.db)).toBe(4);
  t.sqlite
    .prepare("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)")
    .run();
  expect(runSearch(t, { q: "wings", mode: "simple", pageSize: 1 }).filteredCount).toBe(2000);
});
