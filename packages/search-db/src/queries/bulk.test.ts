import { afterEach, beforeEach, expect, test } from "vitest";

import { createTestSearchDatabase } from "../testing";
import { bulkUpsertDocuments } from "./bulk";
import type { BulkRow } from "./bulk";
import { insertIndex } from "./indexes";

let t: ReturnType<typeof createTestSearchDatabase>;
beforeEach(() => {
  t = createTestSearchDatabase();
});
afterEach(() => t.cleanup());

const row = (
  identifier: string | null,
  content: string,
  metadata?: Record<string, string>,
): BulkRow => ({ identifier, title: null, content, metadata });

/** Documents with their metadata and links, as rows to compare. */
function dump(sqlite: typeof t.sqlite) {
  return {
    documents: sqlite
      .prepare("SELECT id, identifier, title, content FROM documents ORDER BY id")
      .all(),
    metadata: sqlite.prepare("SELECT * FROM metadata ORDER BY document_id, key").all(),
    links: sqlite.prepare("SELECT * FROM index_documents ORDER BY index_id, document_id").all(),
    counts: sqlite.prepare("SELECT id, document_count FROM indexes ORDER BY id").all(),
    matches: sqlite
      .prepare(
        "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'wings OR fifth' ORDER BY rowid",
      )
      .all(),
  };
}

test("many rows in a unit end exactly as one row per unit: upserts of stored and of just-created identifiers, metadata kept or replaced", async () => {
  const other = createTestSearchDatabase();
  try {
    const rows: BulkRow[] = [];
    for (let i = 0; i < 600; i++) rows.push(row(`d${i}`, `body ${i} wings`, { n: String(i) }));
    rows.push(row(null, "no identifier"));
    rows.push(row("d3", "third, replaced", { n: "3b", year: "2020" })); // created earlier in the unit
    rows.push(row("d3", "third again")); // metadata undefined: kept
    rows.push(row("d599", "fifth", {})); // {}: cleared
    rows.push(row(null, "another without identifier", { n: "x" }));
    const before = [row("d7", "stored before", { old: "1" })];

    const [index, bulk] = await t.writer.run((db) => {
      const id = insertIndex(db, "a").id;
      bulkUpsertDocuments(db, id, before);
      return [id, bulkUpsertDocuments(db, id, [...rows, row("d7", "wings, updated")])];
    });
    // d7 was stored before: its row in the 600 is an update too.
    expect(bulk.created).toBe(601);
    expect(bulk.updated).toBe(5);
    expect(bulk.ids[7]).toBe(1);
    expect(bulk.ids[3]).toBe(bulk.ids[601]);
    expect(bulk.ids[3]).toBe(bulk.ids[602]);
    expect(bulk.ids[605]).toBe(1);

    // The same rows, one per unit.
    await other.writer.run((db) => {
      const id = insertIndex(db, "a").id;
      expect(id).toBe(index);
      bulkUpsertDocuments(db, id, before);
    });
    for (const r of [...rows, row("d7", "wings, updated")]) {
      await other.writer.run((db) => bulkUpsertDocuments(db, index, [r]));
    }
    const got = dump(t.sqlite);
    expect(got.documents).toHaveLength(602);
    expect(got.counts).toEqual([{ id: index, document_count: 602 }]);
    expect(got).toEqual(dump(other.sqlite));
    for (const sqlite of [t.sqlite, other.sqlite]) {
      sqlite
        .prepare("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)")
        .run();
    }
  } finally {
    await other.cleanup();
  }
});
