import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, test } from "vitest";

import { countSearchData, listIndexes, schema, seedDemo } from "../index";
import { createTestSearchDatabase } from "../testing";
import {
  addDocumentToIndexes,
  deleteDocumentRow,
  insertDocument,
  setDocumentIndexes,
} from "./documents";
import { deleteIndex, findIndexByName, indexHoldsEveryDocument, insertIndex } from "./indexes";

let t: ReturnType<typeof createTestSearchDatabase>;

beforeEach(() => {
  t = createTestSearchDatabase();
});

afterEach(async () => {
  await t.cleanup();
});

/** Rowids the FTS5 index returns for a query (bound parameter, as the app does). */
const match = (query: string) =>
  t.sqlite
    .prepare("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid")
    .pluck()
    .all(query);

/** FTS5's own consistency check of an external-content table against `documents`. */
const integrityCheck = () =>
  t.sqlite
    .prepare("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)")
    .run();

test("seedDemo creates the demo index once, then does nothing", async () => {
  expect(await seedDemo(t)).toBe(true);
  expect(await countSearchData(t)).toEqual({ indexes: 1, documents: 8 });
  expect(t.db.select().from(schema.metadata).all()).toHaveLength(16);
  expect(await seedDemo(t)).toBe(false);
  expect(await countSearchData(t)).toEqual({ indexes: 1, documents: 8 });
});

test("listIndexes counts each index's documents, sorted by name, empty ones included", async () => {
  await seedDemo(t);
  await t.writer.run((db) => {
    const empty = db.insert(schema.indexes).values({ name: "archive" }).returning().get();
    const notes = db.insert(schema.indexes).values({ name: "notes" }).returning().get();
    const doc = db
      .insert(schema.documents)
      .values({ content: "shared document" })
      .returning()
      .get();
    const demo = db.select().from(schema.indexes).where(eq(schema.indexes.name, "demo")).get()!;
    db.insert(schema.indexDocuments)
      .values([
        { indexId: notes.id, documentId: doc.id },
        { indexId: demo.id, documentId: doc.id },
      ])
      .run();
    return empty;
  });
  const list = await listIndexes(t);
  expect(list.map(({ name, documentCount }) => ({ name, documentCount }))).toEqual([
    { name: "archive", documentCount: 0 },
    { name: "demo", documentCount: 9 },
    { name: "notes", documentCount: 1 },
  ]);
  expect(list[0]!.createdAt).toBeInstanceOf(Date);
  expect(typeof list[0]!.id).toBe("number");
  expect(await countSearchData(t)).toEqual({ indexes: 3, documents: 9 });
});

test("listIndexes on an empty database is an empty list", async () => {
  expect(await listIndexes(t)).toEqual([]);
});

test("the seeded documents are searchable, with porter stemming", async () => {
  await seedDemo(t);
  const id = (identifier: string) =>
    t.db.select().from(schema.documents).where(eq(schema.documents.identifier, identifier)).get()!
      .id;
  expect(match("fts5")).toEqual([id("sqlite-fts5")]);
  expect(match("log")).toEqual([id("sqlite-wal")]); // "logging" stems to "log"
  expect(match("writes")).toEqual([id("sqlite-wal"), id("group-commit")].sort((a, b) => a - b));
  integrityCheck();
});

test("the FTS5 triggers follow inserts, updates and deletes of documents", async () => {
  const doc = await t.writer.run((db) =>
    db
      .insert(schema.documents)
      .values({ identifier: "d1", content: "the quick brown fox" })
      .returning()
      .get(),
  );
  expect(match("quick")).toEqual([doc.id]);
  expect(match("zebra")).toEqual([]);

  await t.writer.run((db) =>
    db
      .update(schema.documents)
      .set({ content: "a lazy striped zebra" })
      .where(eq(schema.documents.id, doc.id))
      .run(),
  );
  expect(match("quick")).toEqual([]);
  expect(match("zebra")).toEqual([doc.id]);
  integrityCheck();

  // Updating another column leaves the index as it was.
  await t.writer.run((db) =>
    db
      .update(schema.documents)
      .set({ identifier: "d1-renamed" })
      .where(eq(schema.documents.id, doc.id))
      .run(),
  );
  expect(match("zebra")).toEqual([doc.id]);

  await t.writer.run((db) =>
    db.delete(schema.documents).where(eq(schema.documents.id, doc.id)).run(),
  );
  expect(match("zebra")).toEqual([]);
  expect(t.sqlite.prepare("SELECT count(*) FROM documents_fts").pluck().get()).toBe(0);
  integrityCheck();
});

test("deleting a document removes its index links and metadata; deleting an index keeps documents", async () => {
  await seedDemo(t);
  const doc = t.db
    .select()
    .from(schema.documents)
    .where(eq(schema.documents.identifier, "sqlcipher"))
    .get()!;
  await t.sql.run("DELETE FROM documents WHERE id = ?", doc.id);
  expect(
    t.sqlite.prepare("SELECT count(*) FROM metadata WHERE document_id = ?").pluck().get(doc.id),
  ).toBe(0);
  expect((await listIndexes(t))[0]!.documentCount).toBe(7);
  expect(match("sqlcipher")).toEqual([]);

  await t.sql.run("DELETE FROM indexes WHERE name = ?", "demo");
  expect(await countSearchData(t)).toEqual({ indexes: 0, documents: 7 });
  expect(t.sqlite.prepare("SELECT count(*) FROM index_documents").pluck().get()).toBe(0);
});

test("identifiers are unique when present, optional otherwise", async () => {
  await t.writer.run((db) =>
    db
      .insert(schema.documents)
      .values([{ content: "a" }, { content: "b" }, { identifier: "x", content: "c" }])
      .run(),
  );
  await expect(
    t.writer.run((db) =>
      db.insert(schema.documents).values({ identifier: "x", content: "d" }).run(),
    ),
  ).rejects.toThrow(/UNIQUE/);
  expect(match("c")).toHaveLength(1);
});

test("document counts follow the links through triggers, cascades included", async () => {
  const ids = await t.writer.run((db) => {
    const a = insertIndex(db, "a").id;
    const b = insertIndex(db, "b").id;
    const docs = [1, 2, 3].map((i) => insertDocument(db, { content: `doc ${i}` }).id);
    for (const id of docs) addDocumentToIndexes(db, id, [a]);
    addDocumentToIndexes(db, docs[0]!, [a, b]); // already in a: no double count
    return { a, b, docs };
  });
  const count = (name: string) => findIndexByName(t.db, name)!.documentCount;
  expect([count("a"), count("b")]).toEqual([3, 1]);
  expect(indexHoldsEveryDocument(t.db, ids.a)).toBe(true);
  expect(indexHoldsEveryDocument(t.db, ids.b)).toBe(false);
  await t.writer.run((db) => setDocumentIndexes(db, ids.docs[1]!, [ids.b]));
  expect([count("a"), count("b")]).toEqual([2, 2]);
  await t.writer.run((db) => deleteDocumentRow(db, ids.docs[0]!)); // ON DELETE CASCADE
  expect([count("a"), count("b")]).toEqual([1, 1]);
  await t.writer.run((db) => deleteIndex(db, ids.b));
  expect(count("a")).toBe(1);
  expect(t.sqlite.prepare("SELECT count(*) FROM index_documents").pluck().get()).toBe(1);
});
