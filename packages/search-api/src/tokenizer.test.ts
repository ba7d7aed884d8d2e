import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { importDocuments } from "./bulk";
import { createDocument, deleteDocument } from "./documents";
import { createIndex, getIndexByName } from "./indexes";
import { scoutClient } from "./scout/testing";
import { DEFAULT_HIGHLIGHT, runSearch } from "./search/search";
import { getIndexSettings, updateIndexSettings } from "./settings";

let t: ReturnType<typeof createTestSearchDatabase>;
beforeEach(async () => {
  t = createTestSearchDatabase();
  await createIndex(t, "notes");
  await createIndex(t, "other");
  for (const [content, title] of [
    ["She was running late for the train", "Running"],
    ["He runs every morning", null],
    ["A notebook full of equations", "Notebooks"],
    ["Write-ahead logging keeps readers and writers apart", null],
  ] as const) {
    await createDocument(t, { content, title, indexes: ["notes"] });
  }
  await createDocument(t, { content: "runs in another index", indexes: ["other"] });
});
afterEach(() => t.cleanup());

const search = (q: string, extra: object = {}) =>
  runSearch(t, {
    q,
    mode: "simple",
    pageSize: 10,
    indexIds: [getIndexByName(t, "notes").id],
    ...extra,
  });
const contents = (q: string, extra: object = {}) =>
  search(q, extra)
    .documents.map((d) => d.content)
    .sort();

/** SQLite's and FTS5's own checks (every tokenizer table against the documents when in use). */
function checkIntegrity() {
  expect(t.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
  const used = new Set(
    t.sqlite.prepare("SELECT DISTINCT settings ->> 'tokenizer' FROM indexes").pluck().all() as (
      string | null
    )[],
  );
  for (const [tokenizer, table] of [
    ["porter", "documents_fts"],
    ["unicode61", "documents_fts_unicode61"],
    ["trigram", "documents_fts_trigram"],
  ] as const) {
    const rank = tokenizer === "porter" || used.has(tokenizer) ? 1 : 0;
    t.sqlite
      .prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', ${rank})`)
      .run();
  }
}

test("porter (the default) stems: “runs” finds “running”; unicode61 matches words as written", async () => {
  expect(getIndexSettings(t, "notes").effective.tokenizer).toBe("porter");
  expect(contents("runs ")).toEqual([
    "He runs every morning",
    "She was running late for the train",
  ]);
  await updateIndexSettings(t, "notes", { tokenizer: "unicode61" });
  expect(contents("runs ")).toEqual(["He runs every morning"]);
  expect(contents("running ")).toEqual(["She was running late for the train"]);
  // Typo tolerance reads the unicode61 vocabulary: unstemmed words.
  expect(contents("mornnig ")).toEqual(["He runs every morning"]);
  await updateIndexSettings(t, "notes", { tokenizer: "porter" });
  expect(contents("runs ")).toHaveLength(2);
  // Another index keeps its own (default) tokenizer; a search over every index uses porter.
  await updateIndexSettings(t, "notes", { tokenizer: "unicode61" });
  expect(
    runSearch(t, { q: "run ", mode: "simple", pageSize: 10 }).documents.map((d) => d.content),
  ).toHaveLength(3);
});

test("trigram finds a substring in the middle of a word, highlighted; too-short queries are a clear 400", async () => {
  expect(contents("ebo")).toEqual([]); // porter: no word starts with "ebo"
  await updateIndexSettings(t, "notes", { tokenizer: "trigram" });
  expect(contents("ebo")).toEqual(["A notebook full of equations"]);
  expect(contents("quat ")).toEqual(["A notebook full of equations"]);
  expect(contents("ahead logg", { matching: "all" })).toEqual([
    "Write-ahead logging keeps readers and writers apart",
  ]);
  const hit = search("ebook", { highlight: DEFAULT_HIGHLIGHT }).documents[0]!;
  expect(hit.highlight).toBe("A not<mark>ebook</mark> full of equations");
  expect(hit.titleHighlight).toBe("Not<mark>ebook</mark>s");
  // Terms under 3 characters are left out; a query of only those is refused with a reason.
  expect(contents("ebo xy")).toEqual(["A notebook full of equations"]);
  expect(() => search("ab")).toThrow(
    "Search terms must be at least 3 characters long in an index with the trigram tokenizer.",
  );
  const scout = scoutClient(t);
  const short = await scout("GET", "/notes/?q=ab&mode=simple");
  expect(short.status).toBe(400);
  expect(short.body.error).toMatch(/at least 3 characters/);
  const raw = await scout("GET", `/notes/?q=${encodeURIComponent('"rite-ah"')}`);
  expect(raw.status).toBe(200);
  expect(raw.body.documents).toHaveLength(1);
  expect((await scout("GET", "/notes/?q=ab")).body.documents).toEqual([]); // advanced: FTS5's answer
});

test("switching tokenizers back and forth keeps every count exact and the indexes intact, writes in between included", async () => {
  const counts = () => ({
    all: runSearch(t, { q: "", mode: "simple", pageSize: 1 }).filteredCount,
    notes: getIndexByName(t, "notes").documentCount,
  });
  const before = counts();
  for (const tokenizer of ["trigram", "unicode61", "trigram", "porter", "trigram"] as const) {
    await updateIndexSettings(t, "notes", { tokenizer });
    checkIntegrity();
    expect(getIndexByName(t, "notes").documentCount).toBe(before.notes);
  }
  // Writes while trigram is in use, then back to the default.
  await importDocuments(
    t,
    "notes",
    Array.from({ length: 300 }, (_, i) => ({ identifier: `n${i}`, content: `imported note ${i}` })),
  );
  await createDocument(t, { content: "zyxwvut", indexes: ["notes"], identifier: "z" });
  await deleteDocument(t, "n7");
  checkIntegrity();
  expect(contents("xwv")).toEqual(["zyxwvut"]);
  expect(search("mported").filteredCount).toBe(299);
  await updateIndexSettings(t, "notes", { tokenizer: null });
  checkIntegrity();
  expect(getIndexSettings(t, "notes").settings).toEqual({});
  expect(getIndexByName(t, "notes").documentCount).toBe(before.notes + 300);
  expect(search("imported ").filteredCount).toBe(299);
  expect(t.sqlite.prepare("SELECT count(*) FROM documents_fts_trigram_docsize").pluck().get()).toBe(
    0,
  );
});

test("REST and tRPC settings take the tokenizer; an unknown one is a 400 naming the choices", async () => {
  const scout = scoutClient(t);
  const bad = await scout("PUT", "/notes/settings/", { json: { tokenizer: "stemmer" } });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toBe(
    'Unknown tokenizer "stemmer": use one of porter, unicode61, trigram.',
  );
  const ok = await scout("PUT", "/notes/settings/", { json: { tokenizer: "trigram" } });
  expect(ok.status).toBe(200);
  expect(ok.body.settings).toEqual({ tokenizer: "trigram" });
  expect(ok.body.effective.tokenizer).toBe("trigram");
  expect((await scout("GET", "/notes/?q=ebo&mode=simple")).body.documents).toHaveLength(1);
  expect(
    (await scout("PUT", "/notes/settings/", { json: { tokenizer: null } })).body.settings,
  ).toEqual({});
});
