import { perDatabase, recorderFor } from "@quire/analytics-db";
import type { AnalyticsDatabase, DropCount, Hit, RecordResult } from "@quire/analytics-db";

interface Pending {
  hit: Hit;
  resolve: (result: RecordResult) => void;
  reject: (error: unknown) => void;
}

/** Counters since the process started (the drop metric, also persisted per day in `drops`). */
export interface IngestStats {
  received: number;
  recorded: number;
  dropped: number;
  dropsByReason: Record<string, number>;
  failed: number;
  /** Hits per writer unit: how much group commit is sharing. */
  units: number;
  maxUnitSize: number;
}

/**
 * Collects the hits of many concurrent requests into one writer unit: the
 * unit is queued on the first hit and takes every hit that arrived by the
 * time the writer runs it (the same event-loop turn, usually). Each
 * request's promise settles only when that unit has committed — the
 * acknowledgement means "on disk" — while a burst shares one transaction,
 * and the recorder sums rollup deltas over the whole unit.
 */
export class IngestQueue {
  private pending: Pending[] = [];
  private drops = new Map<string, DropCount>();
  private scheduled = false;
  readonly stats: IngestStats = { received: 0, recorded: 0, dropped: 0, dropsByReason: {}, failed: 0, units: 0, maxUnitSize: 0 };

  constructor(private readonly quire: AnalyticsDatabase) {}

  /** Store a hit; resolves once committed (or with the reason it was not stored). */
  push(hit: Hit): Promise<RecordResult> {
    this.stats.received++;
    return new Promise((resolve, reject) => {
      this.pending.push({ hit, resolve, reject });
      this.schedule();
    });
  }

  /** Count an event that was not stored; persisted with the next unit. */
  drop(siteId: number, day: number, reason: string): void {
    this.stats.received++;
    this.countDrop(reason);
    const key = `${siteId}|${day}|${reason}`;
    const d = this.drops.get(key);
    if (d) d.count++;
    else this.drops.set(key, { siteId, day, reason, count: 1 });
    this.schedule();
  }

  private countDrop(reason: string) {
    this.stats.dropped++;
    this.stats.dropsByReason[reason] = (this.stats.dropsByReason[reason] ?? 0) + 1;
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    const recorder = recorderFor(this.quire);
    let taken: Pending[] = [];
    let drops: DropCount[] = [];
    this.quire.writer
      .run(() => {
        // Runs when the writer gets to it: take everything queued meanwhile.
        this.scheduled = false;
        taken = this.pending;
        drops = [...this.drops.values()];
        this.pending = [];
        this.drops = new Map();
        try {
          recorder.recordDrops(drops);
          return recorder.record(taken.map((p) => p.hit));
        } catch (error) {
          recorder.reset();
          throw error;
        }
      })
      .then(
        (results) => {
          this.stats.units++;
          if (taken.length > this.stats.maxUnitSize) this.stats.maxUnitSize = taken.length;
          taken.forEach((p, i) => {
            const result = results[i]!;
            if (result.ok) this.stats.recorded++;
            else this.countDrop(result.reason);
            p.resolve(result);
          });
        },
        (error: unknown) => {
          recorder.reset();
          // The unit never ran (writer closed) or rolled back: nothing of it is stored.
          if (this.scheduled) {
            this.scheduled = false;
            taken = this.pending;
            this.pending = [];
          }
          this.stats.failed += taken.length;
          for (const p of taken) p.reject(error);
        },
      );
  }
}

/** The queue of a database (one per process and database). */
export function ingestQueue(quire: AnalyticsDatabase): IngestQueue {
  return perDatabase("ingest-queue", quire, () => new IngestQueue(quire));
}
