import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { migrate, openDatabase } from "@quire/db";
import { afterEach, expect, test } from "vitest";

import { migrations } from "./migrations.generated";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

test("a database made by the first migrations upgrades in place: FTS5 rebuilt with a title column and a prefix index, documents still found", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-search-upgrade-"));
  dirs.push(dir);
  const before = migrations.filter((m) => m.tag === "0000_init" || m.tag === "0001_documents_fts");
  const quire = openDatabase(path.join(dir, "search.db"), { migrations: before });
  const { sqlite } = quire;
  try {
    expect(quire.migrations.applied).toHaveLength(2);
    await quire.sql.run(
      "INSERT INTO documents (content) VALUES (?), (?)",
      "write-ahead logging",
      "group commit",
    );

    const result = migrate(sqlite, migrations);
    expect(result).toEqual({ applied: migrations.slice(2).map((m) => m.tag), skipped: 2 });
    const match = (q: string) =>
      sqlite.prepare("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?").pluck().all(q);
    expect(match("lo*")).toEqual([1]);
    expect(match("commit")).toEqual([2]);
    expect(
      sqlite.prepare("SELECT sql FROM sqlite_schema WHERE name = 'documents_fts'").pluck().get(),
    ).toMatch(/prefix = '2'/);
    // triggers were recreated
    await quire.sql.run("UPDATE documents SET content = 'changed' WHERE id = 2");
    expect(match("commit")).toEqual([]);
    expect(match("changed")).toEqual([2]);
    await quire.sql.run(
      "INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)",
    );
    // 0006: a title column before the content, and the vocabulary table over both.
    await quire.sql.run("UPDATE documents SET title = 'Logging' WHERE id = 2");
    expect(match("title:logging")).toEqual([2]);
    expect(match("content:logging")).toEqual([1]);
    expect(
      sqlite.prepare("SELECT term, doc FROM documents_vocab WHERE term = 'log'").get(),
    ).toEqual({ term: "log", doc: 2 });
  } finally {
    await quire.close();
  }
});
