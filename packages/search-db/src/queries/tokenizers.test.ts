import { afterEach, beforeEach, expect, test } from "vitest";

import { createTestSearchDatabase } from "../testing";
import {
  deleteDocumentRow,
  insertDocument,
  setDocumentIndexes,
  updateDocumentRow,
} from "./documents";
import { deleteIndex, insertIndex, writeIndexSettings } from "./indexes";
import { searchDocuments } from "./search";
import { FTS_TABLES, TOKENIZERS } from "./tokenizers";
import type { Tokenizer } from "./tokenizers";
import { readVocabulary, tokenize } from "./vocabulary";

let t: ReturnType<typeof createTestSearchDatabase>;
beforeEach(() => {
  t = createTestSearchDatabase();
});
afterEach(() => t.cleanup());

/**
 * Rows a tokenizer's FTS5 table holds (its own docsize table, not the content
 * table), after FTS5's integrity check: against the documents (rank 1) when
 * the table should hold them all, else of the index alone.
 */
function indexed(tokenizer: Tokenizer): number {
  const table = FTS_TABLES[tokenizer];
  const rows = t.sqlite.prepare(`SELECT count(*) FROM ${table}_docsize`).pluck().get() as number;
  const all = t.sqlite.prepare("SELECT count(*) FROM documents").pluck().get() as number;
  const rank = rows === all ? 1 : 0;
  t.sqlite
    .prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', ${rank})`)
    .run();
  return rows;
}

const find = (tokenizer: Tokenizer, match: string) =>
  searchDocuments(t.db, {
    match,
    ranked: true,
    tokenizer,
    indexIds: null,
    filters: [],
    ordering: [],
    limit: 10,
    offset: 0,
  }).rows.map((r) => r.content);

test("an extra tokenizer's table holds every document exactly while some index uses it, and nothing otherwise", async () => {
  const [a, b] = await t.writer.run((db) => {
    const a = insertIndex(db, "a").id;
    const b = insertIndex(db, "b").id;
    for (let i = 0; i < 50; i++) {
      const doc = insertDocument(db, { content: `runners running ${i}`, title: `Notebook ${i}` });
      setDocumentIndexes(db, doc.id, [i % 2 === 0 ? a : b]);
    }
    return [a, b];
  });
  for (const tok of TOKENIZERS) expect(indexed(tok), tok).toBe(tok === "porter" ? 50 : 0);

  await t.writer.run((db) => writeIndexSettings(db, a, { tokenizer: "trigram" }));
  expect(indexed("trigram")).toBe(50);
  expect(find("trigram", '"ebo"')).toHaveLength(10); // "notEBOok": inside a word
  expect(find("porter", '"ebo"')).toEqual([]);

  // Writes while in use reach the table; a second index on trigram changes nothing.
  await t.writer.run((db) => {
    const doc = insertDocument(db, { content: "abcdefgh", title: null });
    updateDocumentRow(db, 1, { content: "changed xyzzy" });
    deleteDocumentRow(db, 2);
    setDocumentIndexes(db, doc.id, [b]);
    writeIndexSettings(db, b, { tokenizer: "trigram" });
  });
  expect(indexed("trigram")).toBe(50);
  expect(find("trigram", '"cdef"')).toEqual(["abcdefgh"]);
  expect(find("trigram", '"zzy"')).toEqual(["changed xyzzy"]);

  // The last index leaving trigram (by a change, then by deletion) empties it.
  await t.writer.run((db) => writeIndexSettings(db, a, { tokenizer: "unicode61" }));
  expect(indexed("trigram")).toBe(50);
  expect(indexed("unicode61")).toBe(50);
  expect(find("unicode61", "runners")).toHaveLength(10);
  expect(find("unicode61", "runner")).toEqual([]); // no stemming
  expect(find("porter", "runner")).toHaveLength(10);
  await t.writer.run((db) => deleteIndex(db, b));
  expect(indexed("trigram")).toBe(0);
  await t.writer.run((db) => writeIndexSettings(db, a, {}));
  expect(indexed("unicode61")).toBe(0);
  expect(indexed("porter")).toBe(50);
  expect(t.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
});

test("tokenize and the vocabulary follow the tokenizer", async () => {
  expect(tokenize(t.db, ["Running shoes"], "unicode61")).toEqual([["running", "shoes"]]);
  expect(tokenize(t.db, ["Running shoes"])).toEqual([["run", "shoe"]]);
  await t.writer.run((db) => {
    const a = insertIndex(db, "a").id;
    insertDocument(db, { content: "Running" });
    writeIndexSettings(db, a, { tokenizer: "unicode61" });
  });
  expect(readVocabulary(t.db, "unicode61")).toEqual([{ term: "running", docs: 1 }]);
  expect(readVocabulary(t.db)).toEqual([{ term: "run", docs: 1 }]);
  expect(readVocabulary(t.db, "trigram")).toEqual([]);
});
