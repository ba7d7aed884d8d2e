/**
 * One OS process of the multi-process contention test (see contention.test.ts).
 *
 *   node --import tsx test/contention-worker.ts <writer|reader> <db file> <migrations> <id> <durationMs> [clients]
 *
 * Opens the database like an app would (openDatabase: pragmas, migrations),
 * prints `ready`, waits for a line on stdin so every process starts at once,
 * works for durationMs, then prints one JSON report line.
 */
import { randomBytes } from "node:crypto";

import { openDatabase } from "../src/index";

export interface WorkerError {
  code: string;
  message: string;
}

export interface WriterReport {
  role: "writer";
  worker: number;
  acknowledged: number;
  multi: number;
  errors: WorkerError[];
  metrics: { batches: number; units: number; lockRetries: number; maxBatchSize: number };
}

export interface ReaderReport {
  role: "reader";
  worker: number;
  queries: number;
  snapshots: number;
  violations: string[];
  errors: WorkerError[];
}

const [role, file, migrationsFolder, idText, durationText, clientsText] = process.argv.slice(2);
if (!role || !file || !migrationsFolder || !idText || !durationText) {
  console.error("usage: contention-worker.ts <writer|reader> <db> <migrations> <id> <durationMs> [clients]");
  process.exit(2);
}
const worker = Number(idText);
const durationMs = Number(durationText);

const errors: WorkerError[] = [];
const record = (error: unknown) => {
  if (errors.length < 20) {
    errors.push({ code: (error as { code?: string }).code ?? "", message: (error as Error).message });
  }
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const quire = openDatabase(file, { migrationsFolder });

async function waitForGo() {
  console.log("ready");
  await new Promise<void>((resolve) => {
    process.stdin.once("data", () => resolve());
    process.stdin.once("end", () => resolve());
  });
  process.stdin.pause();
}

async function runWriter(): Promise<WriterReport> {
  const clients = Number(clientsText ?? 32);
  const insertRow = quire.sqlite.prepare("INSERT INTO rows (worker, seq, multi, payload) VALUES (?, ?, ?, ?)");
  const insertAudit = quire.sqlite.prepare("INSERT INTO audit (worker, seq, note) VALUES (?, ?, ?)");
  // Read-modify-write: seq comes from the database inside the unit. With a
  // deferred BEGIN this read-then-write pattern gets SQLITE_BUSY under
  // contention; with BEGIN IMMEDIATE it cannot. Any reader's snapshot must
  // hold exactly seqs 0..k-1 of this worker.
  const lastSeq = quire.sqlite.prepare("SELECT max(seq) FROM rows WHERE worker = ?").pluck();
  let nextSeq = 0;
  let acknowledged = 0;
  let multi = 0;
  const deadline = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const twoTables = (i + client) % 8 === 0;
        const payload = randomBytes(48).toString("base64");
        try {
          await quire.writer.run(() => {
            const seq = ((lastSeq.get(worker) as number | null) ?? -1) + 1;
            if (seq !== nextSeq) throw new Error(`seq ${seq} read from the database, expected ${nextSeq}`);
            nextSeq++;
            insertRow.run(worker, seq, twoTables ? 1 : 0, payload);
            if (twoTables) insertAudit.run(worker, seq, `client ${client}`);
            return seq;
          });
          acknowledged++;
          if (twoTables) multi++;
        } catch (error) {
          record(error);
        }
      }
    }),
  );
  const m = quire.writer.metrics();
  return {
    role: "writer",
    worker,
    acknowledged,
    multi,
    errors,
    metrics: { batches: m.batches, units: m.units, lockRetries: m.lockRetries, maxBatchSize: m.maxBatchSize },
  };
}

async function runReader(): Promise<ReaderReport> {
  const violations: string[] = [];
  const perWorker = quire.sqlite.prepare(
    "SELECT worker, count(*) AS n, max(seq) AS top FROM rows GROUP BY worker",
  );
  const recent = quire.sqlite.prepare(
    "SELECT median(length(payload)) AS m, percentile(seq, 90) AS p90 FROM (SELECT payload, seq FROM rows ORDER BY rowid DESC LIMIT 2000)",
  );
  const total = quire.sqlite.prepare("SELECT count(*) FROM rows").pluck();
  const multiRows = quire.sqlite.prepare("SELECT count(*) FROM rows WHERE multi = 1").pluck();
  const auditRows = quire.sqlite.prepare("SELECT count(*) FROM audit").pluck();
  let queries = 0;
  let snapshots = 0;
  const check = () => {
    for (const r of perWorker.all() as { worker: number; n: number; top: number }[]) {
      // Batches commit atomically and in order: never a gap in what is visible.
      if (r.n !== r.top + 1) violations.push(`worker ${r.worker}: ${r.n} rows but max seq ${r.top}`);
    }
    // Two statements agree only inside one snapshot: check() runs in a read transaction.
    if (multiRows.get() !== auditRows.get()) violations.push("a two-table unit is half visible");
    recent.get();
    queries += 3;
  };

  const deadline = performance.now() + durationMs;
  for (let round = 0; performance.now() < deadline; round++) {
    try {
      quire.sqlite.transaction(check)();
      // Even readers hold long snapshots; odd readers mostly run aggregates back to back.
      if (worker % 2 === 0 || round % 20 === 0) {
        // A long read transaction: its snapshot must not move while writers commit.
        quire.sqlite.exec("BEGIN");
        try {
          const before = total.get();
          check();
          await sleep(worker % 2 === 0 ? 400 : 100);
          const after = total.get();
          check();
          if (before !== after) violations.push(`snapshot moved: ${String(before)} -> ${String(after)}`);
          snapshots++;
        } finally {
          quire.sqlite.exec("COMMIT");
        }
      } else {
        await sleep(5);
      }
    } catch (error) {
      record(error);
      await sleep(10);
    }
  }
  return { role: "reader", worker, queries, snapshots, violations: violations.slice(0, 20), errors };
}

await waitForGo();
const report = role === "writer" ? await runWriter() : await runReader();
await quire.close();
console.log(JSON.stringify(report));
