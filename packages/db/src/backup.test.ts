import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

import { backup } from "./backup";
import { runBackupCli } from "./backup-cli";
import { openDatabase } from "./open";
import { createTestDatabase } from "./testing";
import type { TestDatabase } from "./testing";

let t: TestDatabase<Record<string, never>>;

beforeEach(() => {
  t = createTestDatabase();
  t.sqlite.exec(`
    CREATE TABLE orders (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);
    CREATE TABLE order_lines (order_id INTEGER NOT NULL REFERENCES orders(id), n INTEGER NOT NULL);
  `);
});

afterEach(async () => {
  await t.cleanup();
});

/** One unit writes two tables: a consistent copy never has an order without its line. */
const insertOrder = (payload: string) => () => {
  const id = t.sqlite.prepare("INSERT INTO orders (payload) VALUES (?)").run(payload).lastInsertRowid;
  t.sqlite.prepare("INSERT INTO order_lines (order_id, n) VALUES (?, 1)").run(id);
};

function inspect(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: db.pragma("integrity_check", { simple: true }) as string,
      orders: db.prepare("SELECT count(*) FROM orders").pluck().get() as number,
      lines: db.prepare("SELECT count(*) FROM order_lines").pluck().get() as number,
      orphans: db.prepare("SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)").pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

describe("backup", () => {
  test("a copy taken while the writer is inserting is consistent and has every row committed before", async () => {
    // Enough pages that the backup takes many steps, with writes landing between them.
    const blob = "x".repeat(2000);
    await Promise.all(Array.from({ length: 3000 }, (_, i) => t.writer.run(insertOrder(`${i}:${blob}`))));
    const committedBefore = 3000;

    let stop = false;
    let acknowledged = committedBefore;
    const writers = Array.from({ length: 20 }, async (_, c) => {
      for (let i = 0; !stop; i++) {
        await t.writer.run(insertOrder(`live ${c}/${i}:${blob}`));
        acknowledged++;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const atStart = acknowledged;

    const target = path.join(t.dir, "backups", "copy.db");
    const result = await backup(t.sqlite, target);
    stop = true;
    await Promise.all(writers);

    expect(result.file).toBe(target);
    expect(result.bytes).toBe(fs.statSync(target).size);
    expect(result.pages).toBeGreaterThan(256);
    const copy = inspect(target);
    expect(copy.integrity).toBe("ok");
    expect(copy.orders).toBeGreaterThanOrEqual(atStart);
    expect(copy.orders).toBeLessThanOrEqual(acknowledged);
    expect(copy.lines).toBe(copy.orders);
    expect(copy.orphans).toBe(0);
    // The writer kept going during the copy.
    expect(acknowledged).toBeGreaterThan(atStart);
  });

  // Every write through another connection restarts SQLite's online backup; a
  // copy made in small steps would never finish while the app keeps writing.
  test("backing up by path (as the CLI does) finishes while the app keeps writing", { timeout: 15_000 }, async () => {
    const blob = "x".repeat(2000);
    await Promise.all(Array.from({ length: 3000 }, (_, i) => t.writer.run(insertOrder(`${i}:${blob}`))));
    let stop = false;
    const writing = Array.from({ length: 4 }, async () => {
      while (!stop) {
        await t.writer.run(insertOrder("more"));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    });
    const target = path.join(t.dir, "by-path.db");
    const result = await backup(t.path, target);
    stop = true;
    await Promise.all(writing);
    expect(result.pages).toBeGreaterThan(1000);
    const copy = inspect(target);
    expect(copy.integrity).toBe("ok");
    expect(copy.orders).toBeGreaterThanOrEqual(3000);
    expect(copy.lines).toBe(copy.orders);
  });

  test("a backup of a live connection finishes while another connection keeps writing", { timeout: 15_000 }, async () => {
    const blob = "x".repeat(2000);
    await Promise.all(Array.from({ length: 3000 }, (_, i) => t.writer.run(insertOrder(`${i}:${blob}`))));
    const other = openDatabase(t.path);
    const insertOther = () => {
      const id = other.sqlite.prepare("INSERT INTO orders (payload) VALUES ('other')").run().lastInsertRowid;
      other.sqlite.prepare("INSERT INTO order_lines (order_id, n) VALUES (?, 2)").run(id);
    };
    let stop = false;
    const writing = (async () => {
      while (!stop) {
        await other.writer.run(insertOther);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    try {
      const target = path.join(t.dir, "live.db");
      await backup(t.sqlite, target);
      const copy = inspect(target);
      expect(copy.integrity).toBe("ok");
      expect(copy.orders).toBeGreaterThanOrEqual(3000);
      expect(copy.lines).toBe(copy.orders);
    } finally {
      stop = true;
      await writing;
      await other.close();
    }
  });

  test("refuses to overwrite an existing file", async () => {
    const target = path.join(t.dir, "exists.db");
    fs.writeFileSync(target, "precious");
    await expect(backup(t.sqlite, target)).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(target, "utf8")).toBe("precious");
  });

  test("refuses to copy a database onto itself, however the path is spelled", async () => {
    await expect(backup(t.sqlite, t.path)).rejects.toThrow(/onto itself/);
    const sameFile = path.join(t.dir, ".", "sub", "..", path.basename(t.path));
    await expect(backup(t.path, sameFile)).rejects.toThrow(/onto itself/);
    expect(inspect(t.path).integrity).toBe("ok");
  });

  test("a missing source file is an error and creates nothing", async () => {
    const target = path.join(t.dir, "never.db");
    await expect(backup(path.join(t.dir, "nope.db"), target)).rejects.toThrow(/does not exist/);
    expect(fs.existsSync(target)).toBe(false);
  });
});

describe("runBackupCli", () => {
  test("prints one line and returns an exit code", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const target = path.join(t.dir, "cli.db");
      expect(await runBackupCli("blog", t.path, [target])).toBe(0);
      expect(log.mock.calls[0]?.[0]).toMatch(/^blog: backed up .* to .*cli\.db/);
      expect(await runBackupCli("blog", t.path, [target])).toBe(1);
      expect(error.mock.calls[0]?.[0]).toMatch(/^blog: backup failed: .*already exists/);
      expect(await runBackupCli("blog", t.path, [])).toBe(1);
      expect(error.mock.calls[1]?.[0]).toMatch(/usage: pnpm --filter @quire\/blog backup <file>/);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
