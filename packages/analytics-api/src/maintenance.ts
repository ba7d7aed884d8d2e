import { DAY, perDatabase } from "@quire/analytics-db";
import type { AnalyticsDatabase } from "@quire/analytics-db";

import { pruneSalts } from "./ingest/salts";
import { listSiteRows } from "./sites/sites";
import { collectUnusedStrings } from "./strings";

const CHUNK = 20_000;

/** Delete rows matching `where` in chunks, one writer unit each, so ingestion keeps flowing. */
async function deleteInChunks(quire: AnalyticsDatabase, table: string, where: string, ...params: unknown[]): Promise<number> {
  let total = 0;
  // Raw SQL: drizzle has no DELETE … LIMIT; rowid chunks keep each writer unit short.
  const stmt = quire.sqlite.prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${where} LIMIT ${CHUNK})`);
  for (;;) {
    const n = await quire.writer.run(() => stmt.run(...params).changes);
    total += n;
    if (n < CHUNK) return total;
  }
}

export interface MaintenanceResult {
  eventsDeleted: number;
  visitsDeleted: number;
  saltsDeleted: number;
  /** `strings` rows no longer referred to (after retention or a deleted site). */
  stringsDeleted: number;
}

/**
 * The daily chores: raw events and visits older than each site's retention
 * are deleted (rollups stay: they hold no per-visitor data), salts older
 * than two days go (a visitor hash lives one day), `strings` nothing refers
 * to any more are deleted, and SQLite refreshes its planner statistics.
 */
export async function runMaintenance(quire: AnalyticsDatabase, now = Date.now()): Promise<MaintenanceResult> {
  const result: MaintenanceResult = { eventsDeleted: 0, visitsDeleted: 0, saltsDeleted: 0, stringsDeleted: 0 };
  for (const site of listSiteRows(quire)) {
    if (site.retentionDays <= 0) continue;
    const cutoff = now - site.retentionDays * DAY;
    result.eventsDeleted += await deleteInChunks(quire, "events", "site_id = ? AND ts < ?", site.id, cutoff);
    // A visit goes with its last event; one still running at the cutoff stays whole.
    result.visitsDeleted += await deleteInChunks(quire, "visits", "site_id = ? AND started_at < ? AND ended_at < ?", site.id, cutoff, cutoff);
  }
  result.saltsDeleted = await pruneSalts(quire, now);
  result.stringsDeleted = await collectUnusedStrings(quire, result.eventsDeleted + result.visitsDeleted > 0);
  await quire.writer.run(() => quire.sqlite.pragma("optimize"));
  return result;
}

/**
 * Run the maintenance shortly after start and then every day (timers do not
 * keep the process alive). Idempotent per database.
 */
export function startMaintenance(quire: AnalyticsDatabase, { delayMs = 30_000, everyMs = DAY } = {}): () => void {
  return perDatabase("maintenance", quire, () => {
    const run = () =>
      runMaintenance(quire).then(
        (r) => {
          if (r.eventsDeleted || r.visitsDeleted || r.stringsDeleted)
            console.log(`[quire:analytics] retention: deleted ${r.eventsDeleted} events, ${r.visitsDeleted} visits, ${r.stringsDeleted} unused strings`);
        },
        (error: unknown) => console.error("[quire:analytics] maintenance failed:", error),
      );
    const first = setTimeout(() => void run(), delayMs);
    const timer = setInterval(() => void run(), everyMs);
    first.unref();
    timer.unref();
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  });
}
