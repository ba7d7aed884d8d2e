import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, expect, test } from "vitest";

import type { ReaderReport, WriterReport } from "./contention-worker";

const WRITERS = 8;
const READERS = 2;
const DURATION_MS = 4_000;
const CLIENTS_PER_WRITER = 32;

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const workerPath = path.join(packageDir, "test", "contention-worker.ts");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-contention-"));

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeMigrations(folder: string) {
  const migrations = [
    {
      tag: "0000_rows",
      sql: [
        "CREATE TABLE rows (worker INTEGER NOT NULL, seq INTEGER NOT NULL, multi INTEGER NOT NULL, payload TEXT NOT NULL);",
        "--> statement-breakpoint",
        // Deliberately not UNIQUE: duplicates must be found by the check below, not prevented.
        "CREATE INDEX rows_worker_seq ON rows (worker, seq);",
      ].join("\n"),
    },
    { tag: "0001_audit", sql: "CREATE TABLE audit (worker INTEGER NOT NULL, seq INTEGER NOT NULL, note TEXT NOT NULL);" },
  ];
  fs.mkdirSync(path.join(folder, "meta"), { recursive: true });
  const entries = migrations.map((m, idx) => ({ idx, version: "6", when: 1_700_000_000_000 + idx, tag: m.tag, breakpoints: true }));
  fs.writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ version: "7", dialect: "sqlite", entries }));
  for (const m of migrations) fs.writeFileSync(path.join(folder, `${m.tag}.sql`), m.sql);
}

interface Child {
  label: string;
  ready: Promise<void>;
  go(): void;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startWorker(role: "writer" | "reader", id: number, file: string, migrations: string): Child {
  const args = ["--import", "tsx", workerPath, role, file, migrations, String(id), String(DURATION_MS), String(CLIENTS_PER_WRITER)];
  const child = spawn(process.execPath, args, { cwd: packageDir, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (stdout.includes("ready\n")) markReady();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on("close", (code) => {
      markReady(); // a worker that died before "ready" must not hang the test
      resolve({ code, stdout, stderr });
    });
  });
  return { label: `${role} ${id}`, ready, go: () => child.stdin.end("go\n"), done };
}

function lastJsonLine<T>(stdout: string): T {
  const line = stdout.trim().split("\n").filter((l) => l.startsWith("{")).pop();
  if (!line) throw new Error(`no report in output:\n${stdout}`);
  return JSON.parse(line) as T;
}

test(`${WRITERS} writer processes and ${READERS} reader processes share one database file`, { timeout: 60_000 }, async () => {
  const file = path.join(dir, "contention.db");
  const migrations = path.join(dir, "drizzle");
  writeMigrations(migrations);

  // Every process opens and migrates the fresh file at the same moment, like apps restarting together.
  const children = [
    ...Array.from({ length: WRITERS }, (_, i) => startWorker("writer", i, file, migrations)),
    ...Array.from({ length: READERS }, (_, i) => startWorker("reader", WRITERS + i, file, migrations)),
  ];
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.go();
  const results = await Promise.all(children.map((c) => c.done));

  for (const [i, r] of results.entries()) {
    expect(r.stderr, `${children[i]!.label} stderr`).toBe("");
    expect(r.code, `${children[i]!.label} exit code\n${r.stdout}`).toBe(0);
  }
  const writers = results.slice(0, WRITERS).map((r) => lastJsonLine<WriterReport>(r.stdout));
  const readers = results.slice(WRITERS).map((r) => lastJsonLine<ReaderReport>(r.stdout));

  const allErrors = [...writers, ...readers].flatMap((r) => r.errors.map((e) => `${r.role} ${r.worker}: ${e.code} ${e.message}`));
  expect(allErrors.filter((e) => /SQLITE_BUSY|SQLITE_LOCKED|database is locked/i.test(e))).toEqual([]);
  expect(allErrors).toEqual([]);
  expect(readers.flatMap((r) => r.violations)).toEqual([]);

  const db = new Database(file, { readonly: true });
  try {
    const acknowledged = writers.reduce((sum, w) => sum + w.acknowledged, 0);
    const rows = db.prepare("SELECT count(*) FROM rows").pluck().get() as number;
    expect(rows).toBe(acknowledged);
    expect(
      db.prepare("SELECT count(*) FROM (SELECT 1 FROM rows GROUP BY worker, seq HAVING count(*) > 1)").pluck().get(),
    ).toBe(0);
    const perWorker = db
      .prepare("SELECT worker, count(*) AS n, count(DISTINCT seq) AS distinctSeqs, min(seq) AS lo, max(seq) AS hi FROM rows GROUP BY worker ORDER BY worker")
      .all();
    expect(perWorker).toEqual(
      writers.map((w) => ({ worker: w.worker, n: w.acknowledged, distinctSeqs: w.acknowledged, lo: 0, hi: w.acknowledged - 1 })),
    );
    // Two-table units: every audit row has its row, and their numbers match what writers acknowledged.
    expect(db.prepare("SELECT count(*) FROM audit").pluck().get()).toBe(writers.reduce((s, w) => s + w.multi, 0));
    expect(
      db.prepare("SELECT count(*) FROM audit a WHERE NOT EXISTS (SELECT 1 FROM rows r WHERE r.worker = a.worker AND r.seq = a.seq AND r.multi = 1)").pluck().get(),
    ).toBe(0);
    expect(db.prepare("SELECT count(*) FROM rows WHERE multi = 1").pluck().get()).toBe(writers.reduce((s, w) => s + w.multi, 0));
    // Concurrent startup applied each migration exactly once.
    expect(db.prepare("SELECT tag FROM _quire_migrations ORDER BY tag").pluck().all()).toEqual(["0000_rows", "0001_audit"]);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");

    const batches = writers.reduce((s, w) => s + w.metrics.batches, 0);
    const units = writers.reduce((s, w) => s + w.metrics.units, 0);
    const lockRetries = writers.reduce((s, w) => s + w.metrics.lockRetries, 0);
    expect(units).toBe(acknowledged);
    expect(writers.every((w) => w.acknowledged > 0)).toBe(true);
    expect(readers.every((r) => r.queries > 0 && r.snapshots > 0)).toBe(true);

    const seconds = DURATION_MS / 1000;
    console.log(
      `contention: ${WRITERS} writers x ${seconds}s: ${rows} rows, ${Math.round(rows / seconds)} rows/s, ` +
        `mean batch ${(units / batches).toFixed(1)}, lockRetries ${lockRetries}` +
        ` (readers: ${readers.map((r) => `${r.queries} queries/${r.snapshots} snapshots`).join(", ")})`,
    );
  } finally {
    db.close();
  }
});
