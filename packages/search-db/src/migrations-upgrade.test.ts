import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { migrate, openDatabase } from "@quire/db";
import { afterEach, expect, test } from "vitest";

import { migrations } from "./migrations.generated";
import { typedMetadata } from "./queries/metadata";

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

test("metadata stored before types existed gets the types the code would give it", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-search-upgrade-"));
  dirs.push(dir);
  const upTo = migrations.findIndex((m) => m.tag === "0009_typed_metadata");
  const quire = openDatabase(path.join(dir, "search.db"), {
    migrations: migrations.slice(0, upTo),
  });
  try {
    await quire.sql.run("INSERT INTO documents (content) VALUES ('x')");
    const values = [
      "True",
      "false",
      "-12.5",
      "2020-01-02",
      "2020-01-02T03:04:05Z",
      "2020-13-01",
      "abc",
      "1e5",
    ];
    for (const [i, value] of values.entries()) {
      await quire.sql.run(
        "INSERT INTO metadata (document_id, key, value) VALUES (1, ?, ?)",
        `k${i}`,
        value,
      );
    }
    migrate(quire.sqlite, migrations);
    const rows = quire.sqlite
      .prepare("SELECT value, type, num FROM metadata ORDER BY key")
      .all() as { value: string; type: string; num: number | null }[];
    for (const row of rows) {
      expect({ type: row.type, num: row.num }, row.value).toEqual(typedMetadata(row.value));
    }
  } finally {
    await quire.close();
  }
});
