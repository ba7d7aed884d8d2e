import type { AnalyticsDatabase } from "../index";
import { VISIT_DIMS } from "../dims";
import { recorderFor } from "./index";

/**
 * Every column that holds `strings` ids (0 = none), with the key the table is
 * read in slices by (the rollups are WITHOUT ROWID: their primary key).
 */
const REFERENCES: readonly { table: string; key: readonly string[]; columns: readonly string[] }[] = [
  { table: "events", key: ["id"], columns: ["name", "path"] },
  { table: "visits", key: ["id"], columns: ["exit_page", ...VISIT_DIMS.map(([, column]) => column)] },
  // rollup_daily.value is a string id for every dim but `total` (value 0): 0 is never a string.
  { table: "rollup_daily", key: ["site_id", "dim", "day", "value"], columns: ["value"] },
  { table: "rollup_props", key: ["site_id", "name", "key", "day", "value"], columns: ["name", "key", "value"] },
];

export interface CollectStringsOptions {
  /** Rows read per slice; the event loop (and so ingestion) runs between slices. */
  sliceRows?: number;
  /** Strings deleted per writer unit. */
  deleteChunk?: number;
  /** Called between slices with the table being read (tests use it to ingest while the collector scans). */
  onSlice?: (table: string) => Promise<void> | void;
}

/**
 * Delete `strings` rows nothing refers to any more: after a site is deleted,
 * or raw events and visits go by retention and no rollup holds their value.
 * (Rollups are kept forever and hold most values, so retention alone frees
 * few.) The referencing columns are read in rowid slices so ingestion keeps
 * flowing; ids the recorder hands out meanwhile are kept, and its id cache is
 * dropped with the deletion, in the same writer unit. Returns the number of
 * strings deleted.
 *
 * @example
 * const deleted = await collectStrings(quire);
 */
export async function collectStrings(quire: AnalyticsDatabase, options: CollectStringsOptions = {}): Promise<number> {
  const { sliceRows = 50_000, deleteChunk = 5_000, onSlice } = options;
  const recorder = recorderFor(quire);
  // Start tracking and take the candidates in one writer unit: a string inserted after it is tracked.
  const { candidates, used } = await quire.writer.run(() => ({
    candidates: new Set(quire.sqlite.prepare("SELECT id FROM strings").pluck().all() as number[]),
    used: recorder.trackStrings(),
  }));
  try {
    for (const { table, key, columns } of REFERENCES) {
      // Raw SQL: names come from the constant above, values are bound. Row values page through a composite key.
      const k = key.join(", ");
      const select = `SELECT ${k}, ${columns.join(", ")} FROM ${table}`;
      const first = quire.sqlite.prepare(`${select} ORDER BY ${k} LIMIT ?`).raw();
      const next = quire.sqlite.prepare(`${select} WHERE (${k}) > (${key.map(() => "?").join(", ")}) ORDER BY ${k} LIMIT ?`).raw();
      let rows = first.all(sliceRows) as number[][];
      for (;;) {
        for (const row of rows) for (let i = key.length; i < row.length; i++) candidates.delete(row[i]!);
        if (rows.length < sliceRows) break;
        await onSlice?.(table);
        // Let queued requests and writer units run between slices.
        await new Promise((resolve) => setImmediate(resolve));
        rows = next.all(...rows[rows.length - 1]!.slice(0, key.length), sliceRows) as number[][];
      }
    }
    const garbage = [...candidates];
    let deleted = 0;
    const remove = quire.sqlite.prepare("DELETE FROM strings WHERE id = ?");
    for (let i = 0; i < garbage.length || i === 0; i += deleteChunk) {
      const chunk = garbage.slice(i, i + deleteChunk);
      deleted += await quire.writer.run(() => {
        let n = 0;
        for (const id of chunk) if (!used.has(id)) n += remove.run(id).changes;
        // Cached ids may be gone now; the last unit also ends the tracking.
        if (i + deleteChunk >= garbage.length) recorder.untrackStrings();
        else recorder.forgetStrings();
        return n;
      });
    }
    return deleted;
  } catch (error) {
    await quire.writer.run(() => recorder.untrackStrings()).catch(() => {});
    throw error;
  }
}
