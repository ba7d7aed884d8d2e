import fs from "node:fs";

import type BetterSqlite3 from "better-sqlite3";

import type { WriterMetrics } from "./writer";

export interface DatabaseStats {
  sizeBytes: number;
  journalMode: string;
  migrations: number;
  writer: { queueDepth: number; batches: number; units: number; meanBatchSize: number; failedUnits: number };
}

/** Size on disk (main file + WAL), journal mode, migrations applied and writer counters, for health pages. */
export function databaseStats(quire: {
  path: string;
  sqlite: BetterSqlite3.Database;
  writer: { metrics(): WriterMetrics };
}): DatabaseStats {
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  const migrations = quire.sqlite.prepare("SELECT count(*) FROM _quire_migrations").pluck().get() as number;
  const m = quire.writer.metrics();
  return {
    sizeBytes: size(quire.path) + size(`${quire.path}-wal`),
    journalMode: String(quire.sqlite.pragma("journal_mode", { simple: true })),
    migrations,
    writer: {
      queueDepth: m.queueDepth,
      batches: m.batches,
      units: m.units,
      meanBatchSize: m.meanBatchSize,
      failedUnits: m.failedUnits,
    },
  };
}
