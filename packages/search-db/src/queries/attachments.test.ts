import { afterEach, beforeEach, expect, test } from "vitest";

import { createTestSearchDatabase } from "../testing";
import {
  deleteAttachment,
  findAttachment,
  listAttachments,
  putBlob,
  readBlob,
  upsertAttachment,
} from "./attachments";
import {
  addDocumentToIndexes,
  deleteDocumentRow,
  insertDocument,
  loadDocumentRelations,
} from "./documents";
import { insertIndex } from "./indexes";

let t: ReturnType<typeof createTestSearchDatabase>;
beforeEach(() => {
  t = createTestSearchDatabase();
});
afterEach(() => t.cleanup());

const blobCount = () => t.sqlite.prepare("SELECT count(*) FROM blobs").pluck().get();
const blob = (hash: string) => ({ hash, data: Buffer.from(`data-${hash}`), size: 10 });

test("a blob goes when its last attachment goes: detach, replace, or document delete (cascade)", async () => {
  const [d1, d2] = await t.writer.run((db) => {
    const a = insertDocument(db, { content: "one" }).id;
    const b = insertDocument(db, { content: "two" }).id;
    putBlob(db, blob("shared"));
    putBlob(db, blob("shared")); // stored once
    putBlob(db, blob("own"));
    upsertAttachment(db, {
      documentId: a,
      filename: "s.txt",
      mimetype: "text/plain",
      hash: "shared",
    });
    upsertAttachment(db, {
      documentId: b,
      filename: "s.txt",
      mimetype: "text/plain",
      hash: "shared",
    });
    upsertAttachment(db, {
      documentId: a,
      filename: "own.txt",
      mimetype: "text/plain",
      hash: "own",
    });
    return [a, b];
  });
  expect(blobCount()).toBe(2);

  // Replacing own.txt's content drops the old blob (UPDATE OF hash trigger).
  await t.writer.run((db) => {
    putBlob(db, blob("new"));
    upsertAttachment(db, {
      documentId: d1,
      filename: "own.txt",
      mimetype: "image/png",
      hash: "new",
    });
  });
  expect(readBlob(t.db, "own")).toBeUndefined();
  expect(findAttachment(t.db, d1, "own.txt")).toMatchObject({
    hash: "new",
    mimetype: "image/png",
    size: 10,
  });

  // Deleting d1 cascades to its attachments; "shared" survives through d2.
  await t.writer.run((db) => deleteDocumentRow(db, d1));
  expect(t.sqlite.prepare("SELECT hash FROM blobs ORDER BY hash").pluck().all()).toEqual([
    "shared",
  ]);

  await t.writer.run((db) => deleteAttachment(db, findAttachment(db, d2, "s.txt")!.id));
  expect(blobCount()).toBe(0);
});

test("an attachment needs its blob (foreign key)", async () => {
  const doc = await t.writer.run((db) => insertDocument(db, { content: "x" }).id);
  await expect(
    t.writer.run((db) =>
      upsertAttachment(db, {
        documentId: doc,
        filename: "a",
        mimetype: "text/plain",
        hash: "missing",
      }),
    ),
  ).rejects.toThrow(/FOREIGN KEY/);
});

test("listing: by document, by indexes, filename, mimetype, ordering, paging; relations load sorted", async () => {
  await t.writer.run((db) => {
    const idx = insertIndex(db, "i").id;
    const a = insertDocument(db, { content: "a" }).id;
    const b = insertDocument(db, { content: "b" }).id;
    addDocumentToIndexes(db, a, [idx]);
    putBlob(db, blob("h"));
    for (const [doc, name, type] of [
      [a, "z.png", "image/png"],
      [a, "a.txt", "text/plain"],
      [b, "m.png", "image/png"],
    ] as const) {
      upsertAttachment(db, { documentId: doc, filename: name, mimetype: type, hash: "h" });
    }
  });
  const names = (
    filter: Parameters<typeof listAttachments>[1],
    ordering: Parameters<typeof listAttachments>[2]["ordering"] = [],
  ) =>
    listAttachments(t.db, filter, { ordering, limit: 10, offset: 0 }).rows.map((r) => r.filename);
  expect(names({})).toEqual(["a.txt", "m.png", "z.png"]);
  expect(names({ documentId: 1 })).toEqual(["a.txt", "z.png"]);
  expect(names({ indexIds: [1] })).toEqual(["a.txt", "z.png"]);
  expect(names({ indexIds: [] })).toEqual([]);
  expect(names({ mimetype: "image/png" }, [{ key: "filename", desc: true }])).toEqual([
    "z.png",
    "m.png",
  ]);
  expect(names({ filename: "m.png" })).toEqual(["m.png"]);
  expect(
    listAttachments(t.db, {}, { ordering: [{ key: "id", desc: false }], limit: 1, offset: 1 }),
  ).toMatchObject({
    rows: [{ filename: "a.txt" }],
    total: 3,
  });
  const relations = loadDocumentRelations(t.db, [2, 1, 99]);
  expect(relations.get(1)).toMatchObject({ indexes: ["i"], metadata: {} });
  expect(relations.get(1)!.attachments.map((a) => a.filename)).toEqual(["a.txt", "z.png"]);
  expect(relations.get(99)).toEqual({ metadata: {}, indexes: [], attachments: [] });
});
