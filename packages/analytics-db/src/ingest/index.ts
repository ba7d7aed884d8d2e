import type { AnalyticsDatabase } from "../index";
import { perDatabase } from "../state";
import { Recorder } from "./recorder";
import type { DropCount, Hit, RecordResult } from "./recorder";

export { Recorder, hash53 } from "./recorder";
export type { DropCount, Hit, RecordResult, VisitAttributes } from "./recorder";

type Sqlite = AnalyticsDatabase["sqlite"];
type Writable = Pick<AnalyticsDatabase, "sqlite" | "writer">;

/** The recorder of a database connection (one per connection: it holds prepared statements and the string-id cache). */
export function recorderFor(quire: { sqlite: Sqlite }): Recorder {
  return perDatabase("recorder", quire.sqlite, () => new Recorder(quire.sqlite));
}

/**
 * Store hits (and drop counts) in one writer unit; resolves once committed.
 * On any failure the recorder's caches are reset, since ids created by the
 * rolled-back transaction are gone.
 *
 * @example
 * const [result] = await recordHits(quire, [hit]);
 */
export async function recordHits(quire: Writable, hits: readonly Hit[], drops: readonly DropCount[] = []): Promise<RecordResult[]> {
  const recorder = recorderFor(quire);
  try {
    return await quire.writer.run(() => {
      try {
        recorder.recordDrops(drops);
        return recorder.record(hits);
      } catch (error) {
        recorder.reset();
        throw error;
      }
    });
  } catch (error) {
    recorder.reset();
    throw error;
  }
}
export { collectStrings } from "./strings-gc";
export type { CollectStringsOptions } from "./strings-gc";
