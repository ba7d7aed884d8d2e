/**
 * Group commit vs one transaction per write, against the ceiling of raw
 * better-sqlite3 inserts in a single transaction, for synchronous=NORMAL and
 * synchronous=FULL. Run: `pnpm --filter @quire/db bench`.
 *
 * Each write is awaited by one of CLIENTS concurrent async clients, the way
 * request handlers use the writer; latency is the time one `await
 * writer.run()` took. Every case writes the same rows to a fresh file, except
 * that one transaction per write with synchronous=FULL (one fsync each) writes
 * a fifth of them so the run stays under a minute; rows/s stay comparable.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

import { openDatabase } from "../src/index";
import type { WriterOptions } from "../src/index";

const WRITES = 50_000;
const CLIENTS = 200;
const SYNC_MODES = ["NORMAL", "FULL"] as const;
type Sync = (typeof SYNC_MODES)[number];

const SCHEMA = "CREATE TABLE events (id INTEGER PRIMARY KEY, client INTEGER NOT NULL, seq INTEGER NOT NULL, payload TEXT NOT NULL)";
const INSERT = "INSERT INTO events (client, seq, payload) VALUES (?, ?, ?)";
const payload = (client: number, seq: number) => `{"path":"/posts/${client}/${seq}","ref":"https://example.com/","ua":"bench"}`;

interface Result {
  name: string;
  sync: Sync;
  writes: number;
  rowsPerSec: number;
  p50?: number;
  p99?: number;
  batches?: number;
  meanBatch?: number;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-bench-"));
let fileNo = 0;
const freshFile = () => path.join(dir, `bench-${fileNo++}.db`);

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** The ceiling: every row in one transaction, no queue, no promises. */
function ceiling(sync: Sync): Result {
  const db = new Database(freshFile());
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${sync}`);
  db.exec(SCHEMA);
  const insert = db.prepare(INSERT);
  const started = performance.now();
  db.transaction(() => {
    for (let c = 0; c < CLIENTS; c++) for (let i = 0; i < WRITES / CLIENTS; i++) insert.run(c, i, payload(c, i));
  })();
  const ms = performance.now() - started;
  db.close();
  return { name: "raw, one transaction (ceiling)", sync, writes: WRITES, rowsPerSec: (WRITES / ms) * 1000 };
}

async function viaWriter(name: string, sync: Sync, writer: WriterOptions, writes = WRITES): Promise<Result> {
  const perClient = writes / CLIENTS;
  const quire = openDatabase(freshFile(), { writer });
  quire.sqlite.pragma(`synchronous = ${sync}`);
  quire.sqlite.exec(SCHEMA);
  const insert = quire.sqlite.prepare(INSERT);
  const latencies = new Float64Array(writes);
  let n = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const t0 = performance.now();
        await quire.writer.run(() => insert.run(c, i, payload(c, i)));
        latencies[n++] = performance.now() - t0;
      }
    }),
  );
  const ms = performance.now() - started;
  const m = quire.writer.metrics();
  const rows = quire.sqlite.prepare("SELECT count(*) FROM events").pluck().get();
  if (rows !== writes) throw new Error(`${name}: expected ${writes} rows, found ${String(rows)}`);
  await quire.close();
  latencies.sort();
  return {
    name,
    sync,
    writes,
    rowsPerSec: (writes / ms) * 1000,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    batches: m.batches,
    meanBatch: m.meanBatchSize,
  };
}

function table(results: Result[]) {
  const ceilings = new Map(results.filter((r) => r.p50 === undefined).map((r) => [r.sync, r.rowsPerSec]));
  const rows = results.map((r) => [
    r.name,
    r.sync,
    r.writes.toLocaleString("en-US"),
    Math.round(r.rowsPerSec).toLocaleString("en-US"),
    r.p50 === undefined ? "-" : r.p50.toFixed(2),
    r.p99 === undefined ? "-" : r.p99.toFixed(2),
    r.batches === undefined ? "-" : r.batches.toLocaleString("en-US"),
    r.meanBatch === undefined ? "-" : r.meanBatch.toFixed(1),
    `${((r.rowsPerSec / ceilings.get(r.sync)!) * 100).toFixed(1)}%`,
  ]);
  const header = ["case", "synchronous", "writes", "rows/s", "p50 ms", "p99 ms", "batches", "mean batch", "of ceiling"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

async function main() {
  const probe = new Database(":memory:");
  const sqliteVersion = probe.prepare("SELECT sqlite_version()").pluck().get() as string;
  probe.close();
  console.log(
    `writer bench: ${WRITES.toLocaleString("en-US")} writes, ${CLIENTS} concurrent clients awaiting each write, WAL, ` +
      `SQLite ${sqliteVersion}, Node ${process.version}, ${os.cpus().length} CPUs, files in ${os.tmpdir()}\n`,
  );
  const results: Result[] = [];
  try {
    for (const sync of SYNC_MODES) {
      results.push(ceiling(sync));
      const singleWrites = sync === "FULL" ? WRITES / 5 : WRITES;
      results.push(await viaWriter("writer, 1 write per transaction", sync, { maxBatchSize: 1 }, singleWrites));
      results.push(await viaWriter("writer, group commit", sync, {}));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  table(results);
  for (const sync of SYNC_MODES) {
    const single = results.find((r) => r.sync === sync && r.name.includes("1 write"))!;
    const group = results.find((r) => r.sync === sync && r.name.includes("group"))!;
    console.log(
      `\nsynchronous=${sync}: group commit ${(group.rowsPerSec / single.rowsPerSec).toFixed(1)}x the throughput of ` +
        `one transaction per write, p99 ${single.p99!.toFixed(2)} -> ${group.p99!.toFixed(2)} ms`,
    );
  }
}

await main();
