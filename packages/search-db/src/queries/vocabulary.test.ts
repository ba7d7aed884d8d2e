import { afterEach, beforeEach, expect, test } from "vitest";

import { readSnapshot } from "../snapshot";
import { createTestSearchDatabase } from "../testing";
import { deleteDocumentRow, insertDocument } from "./documents";
import { ftsVersion, readVocabulary, tokenize } from "./vocabulary";

let t: ReturnType<typeof createTestSearchDatabase>;
beforeEach(() => {
  t = createTestSearchDatabase();
});
afterEach(() => t.cleanup());

test("tokenize gives the index's own tokens: porter stems, folded case and diacritics", () => {
  expect(tokenize(t.db, ["Connections", "e-mail", "Café", "", "agreed", "agre"])).toEqual([
    ["connect"],
    ["e", "mail"],
    ["cafe"],
    [],
    ["agre"],
    ["agr"],
  ]);
  expect(tokenize(t.db, [])).toEqual([]);
  // Inside a read snapshot too: the TEMP table needs no lock on the database file.
  expect(readSnapshot(t, (db) => tokenize(db, ["Readers"]))).toEqual([["reader"]]);
});

test("the vocabulary lists stemmed terms with document counts; the version changes with every write", async () => {
  const v0 = ftsVersion(t.db);
  await t.writer.run((db) => {
    insertDocument(db, { content: "wing flows", title: "Wings" });
    insertDocument(db, { content: "flow" });
  });
  const v1 = ftsVersion(t.db);
  expect(v1).not.toBe(v0);
  expect(readVocabulary(t.db).sort((a, b) => (a.term < b.term ? -1 : 1))).toEqual([
    { term: "flow", docs: 2 },
    { term: "wing", docs: 1 },
  ]);
  expect(ftsVersion(t.db)).toBe(v1); // reading changes nothing
  await t.writer.run((db) => deleteDocumentRow(db, 2));
  expect(ftsVersion(t.db)).not.toBe(v1);
  expect(readVocabulary(t.db).find((r) => r.term === "flow")).toEqual({ term: "flow", docs: 1 });
});
