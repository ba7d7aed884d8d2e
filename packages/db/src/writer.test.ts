import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { createTestDatabase } from "./testing";
import type { TestDatabase } from "./testing";
import type { WriterOptions } from "./writer";
import { AsyncUnitError, WriterClosedError } from "./writer";

let t: TestDatabase<Record<string, never>>;

function setup(writer?: WriterOptions, busyTimeoutMs?: number) {
  t = createTestDatabase({ writer, busyTimeoutMs });
  t.sqlite.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE)");
  return t;
}

const insert = (label: string) => () =>
  t.sqlite.prepare("INSERT INTO items (label) VALUES (?)").run(label).lastInsertRowid;

const labels = () => t.sqlite.prepare("SELECT label FROM items ORDER BY id").pluck().all();

afterEach(async () => {
  await t.cleanup();
});

describe("commit visibility", () => {
  beforeEach(() => setup());

  test("a result resolves only after commit: another connection sees the row by then", async () => {
    const other = new Database(t.path, { readonly: true });
    const count = other.prepare("SELECT count(*) FROM items").pluck();
    try {
      let seenInsideUnit: unknown;
      const pending = t.writer.run(() => {
        const id = insert("a")();
        // Inside the unit the transaction is open: nobody else sees the row yet.
        seenInsideUnit = count.get();
        return id;
      });
      expect(count.get()).toBe(0);
      const seenOnResolve = await pending.then((id) => ({ id, rows: count.get() }));
      expect(seenInsideUnit).toBe(0);
      expect(seenOnResolve).toEqual({ id: 1, rows: 1 });
    } finally {
      other.close();
    }
  });

  test("units may use drizzle and return values", async () => {
    const result = await t.writer.run((db) => {
      db.run(sql`INSERT INTO items (label) VALUES (${"via drizzle"})`);
      return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM items`);
    });
    expect(result).toEqual({ n: 1 });
    await expect(t.writer.transaction(() => 42)).resolves.toBe(42);
  });
});

describe("group commit", () => {
  beforeEach(() => setup());

  test("many concurrent run() calls share few transactions", async () => {
    const n = 2_000;
    await Promise.all(Array.from({ length: n }, (_, i) => t.writer.run(insert(`row ${i}`))));
    const m = t.writer.metrics();
    expect(labels()).toHaveLength(n);
    expect(m.units).toBe(n);
    // The default maxBatchSize is 1000: two batches, not 2000.
    expect(m.batches).toBeLessThanOrEqual(n / 100);
    expect(m.maxBatchSize).toBe(1000);
  });

  test("concurrent clients awaiting in a loop are batched together", async () => {
    const clients = 50;
    const perClient = 20;
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let i = 0; i < perClient; i++) await t.writer.run(insert(`c${c}-${i}`));
      }),
    );
    const m = t.writer.metrics();
    expect(m.units).toBe(clients * perClient);
    expect(m.batches).toBeLessThan(m.units / 10);
    expect(m.meanBatchSize).toBeGreaterThan(10);
  });

  test("maxBatchSize caps the units per transaction", async () => {
    await t.cleanup();
    setup({ maxBatchSize: 10 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => t.writer.run(insert(`r${i}`))));
    const m = t.writer.metrics();
    expect(m.maxBatchSize).toBe(10);
    expect(m.batches).toBe(10);
    expect(labels()).toHaveLength(100);
  });
});

describe("failing units", () => {
  beforeEach(() => setup());

  test("a throwing unit rolls back only its own changes; the rest of its batch commits", async () => {
    const boom = new Error("boom");
    const results = await Promise.allSettled([
      t.writer.run(insert("first")),
      t.writer.run(() => {
        insert("doomed")();
        insert("doomed too")();
        throw boom;
      }),
      t.writer.run(insert("first")), // UNIQUE violation: fails alone as well
      t.writer.run(insert("last")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBe(boom);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({
      code: "SQLITE_CONSTRAINT_UNIQUE",
    });
    expect(labels()).toEqual(["first", "last"]);
    const m = t.writer.metrics();
    expect(m.batches).toBe(1);
    expect(m.failedUnits).toBe(2);
    expect(m.failedBatches).toBe(0);
    expect(t.sqlite.inTransaction).toBe(false);
  });

  test("an async unit is rejected with AsyncUnitError and its writes are rolled back", async () => {
    const settled = await Promise.allSettled([
      t.writer.run(insert("before")),
      // The body up to the first await runs inside the transaction: that insert must not survive.
      t.writer.run(async () => {
        insert("async write")();
        await Promise.resolve();
      }),
      // A rejecting async unit must not leave an unhandled rejection behind.
      t.writer.run(async () => {
        insert("async write 2")();
        await Promise.resolve();
        throw new Error("late failure");
      }),
      t.writer.run(insert("after")),
    ]);
    expect(settled.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(AsyncUnitError);
    expect((settled[2] as PromiseRejectedResult).reason).toBeInstanceOf(AsyncUnitError);
    expect(labels()).toEqual(["before", "after"]);
  });
});

describe("backpressure, drain and close", () => {
  test("with a small maxQueue callers wait for room and all complete", async () => {
    setup({ maxQueue: 5, maxBatchSize: 3 });
    const n = 200;
    const pending = Array.from({ length: n }, (_, i) => t.writer.run(insert(`r${i}`)));
    const waiting = t.writer.metrics();
    expect(waiting.queueDepth).toBe(5);
    expect(waiting.waitingForRoom).toBe(n - 5);
    const ids = await Promise.all(pending);
    expect(new Set(ids).size).toBe(n);
    expect(labels()).toHaveLength(n);
    const m = t.writer.metrics();
    expect(m.maxQueueDepth).toBeLessThanOrEqual(5);
    expect(m.waitingForRoom).toBe(0);
    expect(m.maxBatchSize).toBeLessThanOrEqual(3);
    expect(m.units).toBe(n);
  });

  test("drain() resolves once every queued unit has settled, including callers waiting for room", async () => {
    setup({ maxQueue: 4 });
    let settled = 0;
    for (let i = 0; i < 50; i++) {
      void t.writer.run(insert(`r${i}`)).finally(() => settled++);
    }
    void t.writer.run(() => {
      throw new Error("fails but still counts as settled");
    }).catch(() => undefined).finally(() => settled++);
    await t.writer.drain();
    // finally() callbacks run a few microtasks after the unit's promise settles.
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(51);
    expect(labels()).toHaveLength(50);
    await expect(t.writer.drain()).resolves.toBeUndefined();
  });

  test("close() finishes queued work (even callers waiting for room), then refuses new work", async () => {
    setup({ maxQueue: 2 });
    const pending = Array.from({ length: 10 }, (_, i) => t.writer.run(insert(`r${i}`)));
    await t.writer.close();
    const results = await Promise.allSettled(pending);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(labels()).toHaveLength(10);
    await expect(t.writer.run(insert("late"))).rejects.toBeInstanceOf(WriterClosedError);
    await expect(t.writer.close()).resolves.toBeUndefined();
  });

  test("QuireDatabase.close() commits pending writes before closing the connection", async () => {
    setup();
    const file = t.path;
    const pending = Array.from({ length: 20 }, (_, i) => t.writer.run(insert(`r${i}`)));
    await t.close();
    await Promise.all(pending);
    expect(t.sqlite.open).toBe(false);
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT count(*) FROM items").pluck().get()).toBe(20);
    check.close();
  });
});

describe("lock contention with another connection", () => {
  test("BEGIN IMMEDIATE is retried while another connection holds the write lock", async () => {
    setup({}, 20);
    const other = new Database(t.path);
    other.exec("BEGIN IMMEDIATE");
    setTimeout(() => other.exec("COMMIT"), 150);
    try {
      await expect(t.writer.run(insert("eventually"))).resolves.toBe(1);
      expect(t.writer.metrics().lockRetries).toBeGreaterThan(0);
      expect(labels()).toEqual(["eventually"]);
    } finally {
      other.close();
    }
  });

  test("after lockRetryMs the batch fails with SQLITE_BUSY", async () => {
    setup({ lockRetryMs: 100 }, 10);
    const other = new Database(t.path);
    other.exec("BEGIN IMMEDIATE");
    try {
      await expect(t.writer.run(insert("never"))).rejects.toMatchObject({ code: "SQLITE_BUSY" });
      expect(t.writer.metrics().failedBatches).toBe(1);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    await expect(t.writer.run(insert("later"))).resolves.toBe(1);
  });
});

describe("metrics", () => {
  test("counters and summaries are consistent", async () => {
    setup({ maxBatchSize: 50 });
    const empty = t.writer.metrics();
    expect(empty).toMatchObject({ batches: 0, units: 0, meanBatchSize: 0, queueDepth: 0 });
    expect(empty.waitMs).toEqual({ p50: 0, p99: 0, max: 0 });

    await Promise.allSettled([
      ...Array.from({ length: 120 }, (_, i) => t.writer.run(insert(`r${i}`))),
      t.writer.run(() => {
        throw new Error("x");
      }),
    ]);
    await Promise.all(Array.from({ length: 7 }, (_, i) => t.writer.run(insert(`s${i}`))));
    const m = t.writer.metrics();
    expect(m.units).toBe(128);
    expect(m.batches).toBe(4); // 50 + 50 + 21, then 7
    expect(m.failedUnits).toBe(1);
    expect(m.failedBatches).toBe(0);
    expect(m.maxBatchSize).toBe(50);
    expect(m.meanBatchSize).toBe(32);
    expect(m.queueDepth).toBe(0);
    expect(m.maxQueueDepth).toBe(121);
    expect(m.waitingForRoom).toBe(0);
    expect(m.lockRetries).toBe(0);
    expect(Object.values(m.batchSizes).reduce((a, b) => a + b, 0)).toBe(m.batches);
    expect(m.batchSizes).toMatchObject({ "16": 1, "64": 3 });
    for (const s of [m.waitMs, m.batchMs]) {
      expect(s.p50).toBeGreaterThanOrEqual(0);
      expect(s.p50).toBeLessThanOrEqual(s.p99);
      expect(s.p99).toBeLessThanOrEqual(s.max);
    }
  });
});
