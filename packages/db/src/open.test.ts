import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { DatabaseStartupError } from "./errors";
import { openDatabase } from "./open";
import type { QuireDatabase } from "./open";
import { createTestDatabase } from "./testing";
import type { TestDatabase } from "./testing";

let dir: string;
const opened: QuireDatabase[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-open-"));
});

afterEach(async () => {
  for (const q of opened.splice(0)) await q.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(file: string, options: Parameters<typeof openDatabase>[1] = {}) {
  const q = openDatabase(file, options);
  opened.push(q);
  return q;
}

/** The error openDatabase throws, checked to be a DatabaseStartupError naming the file. */
function startupError(file: string, options: Parameters<typeof openDatabase>[1] = {}) {
  try {
    open(file, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseStartupError);
    expect((error as DatabaseStartupError).file).toBe(path.resolve(file));
    expect((error as Error).message).toContain(path.resolve(file));
    return error as DatabaseStartupError;
  }
  throw new Error(`openDatabase(${file}) did not throw`);
}

describe("openDatabase", () => {
  test("sets WAL, foreign keys, synchronous=NORMAL and a busy timeout", () => {
    const q = open(path.join(dir, "app.db"));
    const pragma = (name: string) => q.sqlite.pragma(name, { simple: true });
    expect(pragma("journal_mode")).toBe("wal");
    expect(pragma("foreign_keys")).toBe(1);
    expect(pragma("synchronous")).toBe(1);
    expect(pragma("busy_timeout")).toBe(5000);
    expect(pragma("cache_size")).toBe(-32_768);
    expect(q.path).toBe(path.join(dir, "app.db"));
    expect(q.migrations).toEqual({ applied: [], skipped: 0 });
  });

  test("honours busyTimeoutMs and cacheSizeKiB", () => {
    const q = open(path.join(dir, "app.db"), { busyTimeoutMs: 250, cacheSizeKiB: 4096 });
    expect(q.sqlite.pragma("busy_timeout", { simple: true })).toBe(250);
    expect(q.sqlite.pragma("cache_size", { simple: true })).toBe(-4096);
  });

  test("foreign keys are enforced on writes through the writer", async () => {
    const q = open(path.join(dir, "app.db"));
    q.sqlite.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id))`);
    await expect(q.sql.run("INSERT INTO child (parent_id) VALUES (?)", 42)).rejects.toMatchObject({
      code: "SQLITE_CONSTRAINT_FOREIGNKEY",
    });
  });

  test("a missing directory is an error naming the file unless createDirectory is set", () => {
    const file = path.join(dir, "missing", "deeper", "app.db");
    const error = startupError(file);
    expect(error.message).toContain("does not exist");
    expect(fs.existsSync(path.join(dir, "missing"))).toBe(false);

    const q = open(file, { createDirectory: true });
    expect(fs.statSync(path.dirname(file)).isDirectory()).toBe(true);
    expect(q.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
  });

  test("a file full of garbage is reported as not a SQLite database", () => {
    const file = path.join(dir, "garbage.db");
    fs.writeFileSync(file, Buffer.alloc(8192, 0xab));
    const error = startupError(file);
    expect(error.message).toContain("not a SQLite database");
    expect(error.cause).toMatchObject({ code: "SQLITE_NOTADB" });
    // The file is left alone for the user to inspect.
    expect(fs.readFileSync(file).equals(Buffer.alloc(8192, 0xab))).toBe(true);

    const text = path.join(dir, "notes.txt");
    fs.writeFileSync(text, "these are my notes, not a database\n");
    expect(startupError(text).message).toContain("not a SQLite database");
  });

  test("a regular file where a directory should be gives a clear error (ENOTDIR)", () => {
    const blocker = path.join(dir, "blocker");
    fs.writeFileSync(blocker, "x");
    expect(startupError(path.join(blocker, "app.db")).message).toContain(`${blocker} is not a directory`);
    for (const createDirectory of [false, true]) {
      const error = startupError(path.join(blocker, "sub", "app.db"), { createDirectory });
      expect(error.message).toContain(`${blocker} is a file, not a directory`);
    }
  });

  test("a directory at the database path is refused", () => {
    const file = path.join(dir, "app.db");
    fs.mkdirSync(file);
    expect(startupError(file).message).toContain("not a regular file");
  });

  test("custom extensions are installed next to the builtins", () => {
    const q = open(path.join(dir, "app.db"), {
      extensions: [
        { kind: "function", name: "slugify", deterministic: true, fn: (s) => String(s).toLowerCase().replace(/\W+/g, "-") },
      ],
    });
    expect(q.sqlite.prepare("SELECT slugify('Hello World') AS s, 'abc' REGEXP '^a' AS r").get()).toEqual({
      s: "hello-world",
      r: 1,
    });
  });
});

describe("migrations", () => {
  interface Migration {
    tag: string;
    sql: string;
  }

  function writeMigrations(folder: string, migrations: Migration[]) {
    fs.mkdirSync(path.join(folder, "meta"), { recursive: true });
    const journal = {
      version: "7",
      dialect: "sqlite",
      entries: migrations.map((m, idx) => ({ idx, version: "6", when: 1_700_000_000_000 + idx, tag: m.tag, breakpoints: true })),
    };
    fs.writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify(journal, null, 2));
    for (const m of migrations) fs.writeFileSync(path.join(folder, `${m.tag}.sql`), m.sql);
    return folder;
  }

  const first: Migration = {
    tag: "0000_init",
    sql: [
      "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL);",
      "--> statement-breakpoint",
      "CREATE INDEX posts_title ON posts (title);",
    ].join("\n"),
  };
  const second: Migration = {
    tag: "0001_tags",
    sql: "CREATE TABLE tags (post_id INTEGER NOT NULL REFERENCES posts(id), tag TEXT NOT NULL);",
  };

  const tables = (sqlite: Database.Database) =>
    sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();

  test("are applied once, in journal order; re-opening skips them", async () => {
    const folder = writeMigrations(path.join(dir, "drizzle"), [first, second]);
    const file = path.join(dir, "app.db");
    const q1 = open(file, { migrationsFolder: folder });
    expect(q1.migrations).toEqual({ applied: ["0000_init", "0001_tags"], skipped: 0 });
    expect(tables(q1.sqlite)).toEqual(["_quire_migrations", "posts", "tags"]);
    await q1.sql.run("INSERT INTO posts (title) VALUES (?)", "kept");
    await q1.close();

    const q2 = open(file, { migrationsFolder: folder });
    expect(q2.migrations).toEqual({ applied: [], skipped: 2 });
    expect(q2.sqlite.prepare("SELECT title FROM posts").pluck().all()).toEqual(["kept"]);
    const recorded = q2.sqlite.prepare("SELECT tag, length(hash) AS h FROM _quire_migrations ORDER BY tag").all();
    expect(recorded).toEqual([
      { tag: "0000_init", h: 64 },
      { tag: "0001_tags", h: 64 },
    ]);
  });

  test("a new migration added later is applied on the next open", async () => {
    const folder = path.join(dir, "drizzle");
    writeMigrations(folder, [first]);
    const file = path.join(dir, "app.db");
    await open(file, { migrationsFolder: folder }).close();
    writeMigrations(folder, [first, second]);
    expect(open(file, { migrationsFolder: folder }).migrations).toEqual({ applied: ["0001_tags"], skipped: 1 });
  });

  test("a failing migration names its tag and leaves nothing of itself applied", async () => {
    const broken: Migration = {
      tag: "0001_broken",
      sql: [
        "CREATE TABLE half_done (id INTEGER PRIMARY KEY);",
        "--> statement-breakpoint",
        "INSERT INTO half_done (id) VALUES (1);",
        "--> statement-breakpoint",
        "INSERT INTO no_such_table VALUES (1);",
      ].join("\n"),
    };
    const folder = writeMigrations(path.join(dir, "drizzle"), [first, broken]);
    const file = path.join(dir, "app.db");
    const error = startupError(file, { migrationsFolder: folder });
    expect(error.message).toContain("0001_broken");
    expect(error.message).toContain("no such table: no_such_table");

    const check = new Database(file, { readonly: true });
    try {
      expect(tables(check)).toEqual(["_quire_migrations", "posts"]);
      expect(check.prepare("SELECT tag FROM _quire_migrations").pluck().all()).toEqual(["0000_init"]);
    } finally {
      check.close();
    }

    // Once fixed, the migration applies and the app starts.
    writeMigrations(folder, [first, { tag: "0001_broken", sql: "CREATE TABLE half_done (id INTEGER PRIMARY KEY);" }]);
    expect(open(file, { migrationsFolder: folder }).migrations).toEqual({ applied: ["0001_broken"], skipped: 1 });
  });

  test("a missing journal or migration file is a DatabaseStartupError", () => {
    const file = path.join(dir, "app.db");
    expect(startupError(file, { migrationsFolder: path.join(dir, "nowhere") }).message).toContain("_journal.json");

    const folder = writeMigrations(path.join(dir, "drizzle"), [first, second]);
    fs.rmSync(path.join(folder, "0001_tags.sql"));
    expect(startupError(file, { migrationsFolder: folder }).message).toContain("0001_tags");
  });
});

describe("sql runner", () => {
  let t: TestDatabase<Record<string, never>>;

  beforeEach(() => {
    t = createTestDatabase();
    t.sqlite.exec("CREATE TABLE events (id INTEGER PRIMARY KEY, name TEXT NOT NULL, ms REAL)");
  });

  afterEach(async () => {
    await t.cleanup();
  });

  const units = () => t.writer.metrics().units;

  test("SELECT runs on the connection without the writer", async () => {
    t.sqlite.prepare("INSERT INTO events (name, ms) VALUES ('a', 1), ('b', 3)").run();
    expect(await t.sql.all("SELECT name FROM events ORDER BY id")).toEqual([{ name: "a" }, { name: "b" }]);
    expect(await t.sql.get("SELECT avg(ms) AS avg FROM events WHERE name <> ?", "zzz")).toEqual({ avg: 2 });
    expect(await t.sql.get("SELECT name FROM events WHERE id = ?", 99)).toBeUndefined();
    expect(await t.sql.all("WITH x AS (SELECT 1 AS one) SELECT one FROM x")).toEqual([{ one: 1 }]);
    expect(units()).toBe(0);
  });

  test("INSERT, INSERT … RETURNING and WITH … INSERT go through the writer", async () => {
    const result = await t.sql.run("INSERT INTO events (name, ms) VALUES (?, ?)", "plain", 1.5);
    expect(result).toMatchObject({ changes: 1, lastInsertRowid: 1 });
    expect(units()).toBe(1);

    const returned = await t.sql.all<{ id: number; name: string }>(
      "INSERT INTO events (name) VALUES (?), (?) RETURNING id, name",
      "r1",
      "r2",
    );
    expect(returned).toEqual([
      { id: 2, name: "r1" },
      { id: 3, name: "r2" },
    ]);
    expect(units()).toBe(2);

    expect(await t.sql.get("UPDATE events SET ms = 9 WHERE id = ? RETURNING ms", 2)).toEqual({ ms: 9 });
    expect(units()).toBe(3);

    const cte = await t.sql.run(
      "WITH names(n) AS (VALUES (?), (?)) INSERT INTO events (name) SELECT n FROM names",
      "cte1",
      "cte2",
    );
    expect(cte.changes).toBe(2);
    expect(units()).toBe(4);
    expect(t.sqlite.prepare("SELECT count(*) FROM events").pluck().get()).toBe(5);
  });

  test("concurrent writes through sql are group-committed", async () => {
    await Promise.all(Array.from({ length: 300 }, (_, i) => t.sql.run("INSERT INTO events (name) VALUES (?)", `e${i}`)));
    const m = t.writer.metrics();
    expect(m.units).toBe(300);
    expect(m.batches).toBe(1);
  });

  test("all() and get() on a statement that returns no rows reject with TypeError", async () => {
    await expect(t.sql.all("INSERT INTO events (name) VALUES (?)", "x")).rejects.toThrow(TypeError);
    await expect(t.sql.get("DELETE FROM events")).rejects.toThrow(/returns no rows/);
    expect(units()).toBe(0);
    expect(t.sqlite.prepare("SELECT count(*) FROM events").pluck().get()).toBe(0);
  });

  test("a syntax error rejects instead of throwing synchronously", async () => {
    const pending = t.sql.all("SELEC nonsense");
    await expect(pending).rejects.toMatchObject({ code: "SQLITE_ERROR" });
  });
});
