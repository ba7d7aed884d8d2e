import type BetterSqlite3 from "better-sqlite3";

/** Options for {@link Writer}. */
export interface WriterOptions {
  /** Most units committed together in one transaction. */
  maxBatchSize?: number;
  /** Most units waiting; further callers await room (backpressure). */
  maxQueue?: number;
  /** How long to keep retrying `BEGIN IMMEDIATE` when another process holds the write lock. */
  lockRetryMs?: number;
}

/** A snapshot of the writer's counters (see {@link Writer.metrics}). */
export interface WriterMetrics {
  queueDepth: number;
  maxQueueDepth: number;
  waitingForRoom: number;
  batches: number;
  units: number;
  failedUnits: number;
  failedBatches: number;
  lockRetries: number;
  maxBatchSize: number;
  meanBatchSize: number;
  /** Batch-size histogram: upper bound of bucket → number of batches. */
  batchSizes: Record<string, number>;
  /** Time from `run()` until the unit started, over the last samples (ms). */
  waitMs: { p50: number; p99: number; max: number };
  /** Time one batch held the write lock, BEGIN to COMMIT (ms). */
  batchMs: { p50: number; p99: number; max: number };
}

interface Unit<TDb> {
  fn: (db: TDb) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  enqueuedAt: number;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const BUCKETS = [1, 4, 16, 64, 256, 1024, Infinity];
const SAMPLES = 4096;

/** Raised to callers whose unit returned a Promise: a unit must finish inside the transaction. */
export class AsyncUnitError extends Error {
  constructor() {
    super(
      "A writer unit must be synchronous: it runs inside an open transaction, so it cannot await. " +
        "Do the async work first, then pass a synchronous function to writer.run().",
    );
    this.name = "AsyncUnitError";
  }
}

/** Raised when the writer is closed and new work arrives. */
export class WriterClosedError extends Error {
  constructor() {
    super("The database writer is closed");
    this.name = "WriterClosedError";
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? "";
  return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
}

function isThenable(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

class Samples {
  private readonly values = new Float64Array(SAMPLES);
  private count = 0;
  max = 0;
  add(v: number) {
    this.values[this.count % SAMPLES] = v;
    this.count++;
    if (v > this.max) this.max = v;
  }
  summary() {
    const n = Math.min(this.count, SAMPLES);
    if (n === 0) return { p50: 0, p99: 0, max: 0 };
    const sorted = Array.from(this.values.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * n))] ?? 0;
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(this.max) };
  }
}

/**
 * The single writer of one database file.
 *
 * SQLite allows one writer at a time. Letting every request open its own
 * transaction gives either `SQLITE_BUSY` (a deferred transaction that tries to
 * upgrade to a write lock is refused at once, whatever `busy_timeout` says) or
 * one fsync per write. The writer queues units of work and runs them in
 * batches: one `BEGIN IMMEDIATE` … `COMMIT` per batch (group commit), each unit
 * inside its own SAVEPOINT so a failing unit rolls back alone. A caller's
 * promise settles only after the batch holding its unit has committed.
 *
 * @example
 * const id = await writer.run((db) =>
 *   db.insert(posts).values({ title }).returning({ id: posts.id }).get().id,
 * );
 */
export class Writer<TDb> {
  private queue: Unit<TDb>[] = [];
  private roomWaiters: (() => void)[] = [];
  private drainWaiters: (() => void)[] = [];
  private scheduled = false;
  private closed = false;
  /** Callers inside run() waiting for room: drain() and close() must wait for them too. */
  private enqueuing = 0;
  private lockRetryStartedAt = 0;
  private readonly maxBatchSize: number;
  private readonly maxQueue: number;
  private readonly lockRetryMs: number;
  private readonly stmts: Record<
    "begin" | "commit" | "rollback" | "savepoint" | "release" | "rollbackTo",
    BetterSqlite3.Statement
  >;
  private readonly counters = {
    batches: 0,
    units: 0,
    failedUnits: 0,
    failedBatches: 0,
    lockRetries: 0,
    maxQueueDepth: 0,
    maxBatchSize: 0,
  };
  private readonly histogram = new Map<number, number>(BUCKETS.map((b) => [b, 0]));
  private readonly waits = new Samples();
  private readonly batchTimes = new Samples();

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly db: TDb,
    options: WriterOptions = {},
  ) {
    this.maxBatchSize = options.maxBatchSize ?? 1000;
    this.maxQueue = options.maxQueue ?? 50_000;
    this.lockRetryMs = options.lockRetryMs ?? 30_000;
    this.stmts = {
      begin: sqlite.prepare("BEGIN IMMEDIATE"),
      commit: sqlite.prepare("COMMIT"),
      rollback: sqlite.prepare("ROLLBACK"),
      savepoint: sqlite.prepare("SAVEPOINT quire_unit"),
      release: sqlite.prepare("RELEASE quire_unit"),
      rollbackTo: sqlite.prepare("ROLLBACK TO quire_unit"),
    };
  }

  /**
   * Queue a unit of work and resolve with its return value once committed.
   * The function runs synchronously inside a write transaction; it may run
   * several statements (it is its own atomic unit). If it throws, only its own
   * changes are rolled back and the promise rejects with the error.
   */
  async run<T>(fn: (db: TDb) => T): Promise<T> {
    if (this.closed) throw new WriterClosedError();
    if (this.queue.length >= this.maxQueue) {
      this.enqueuing++;
      try {
        while (this.queue.length >= this.maxQueue) {
          await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
          if (this.closed) throw new WriterClosedError();
        }
      } catch (error) {
        this.enqueuing--;
        this.settleDrain();
        throw error;
      }
      this.enqueuing--; // the unit is queued synchronously below
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        fn,
        resolve: resolve as (value: unknown) => void,
        reject,
        enqueuedAt: performance.now(),
      });
      if (this.queue.length > this.counters.maxQueueDepth) {
        this.counters.maxQueueDepth = this.queue.length;
      }
      this.schedule();
    });
  }

  /** Same as {@link run}: a multi-statement unit, atomic on its own. */
  transaction<T>(fn: (db: TDb) => T): Promise<T> {
    return this.run(fn);
  }

  /** Resolves when every queued unit has been committed (or failed). */
  drain(): Promise<void> {
    if (this.queue.length === 0 && !this.scheduled && this.enqueuing === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Finish queued work, then refuse new work. */
  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    for (const wake of this.roomWaiters.splice(0)) wake();
    // A unit queued in the same tick the first drain settled still runs before the connection closes.
    await this.drain();
  }

  metrics(): WriterMetrics {
    const c = this.counters;
    const batchSizes: Record<string, number> = {};
    for (const [bucket, n] of this.histogram) batchSizes[bucket === Infinity ? "inf" : `${bucket}`] = n;
    return {
      queueDepth: this.queue.length,
      maxQueueDepth: c.maxQueueDepth,
      waitingForRoom: this.roomWaiters.length,
      batches: c.batches,
      units: c.units,
      failedUnits: c.failedUnits,
      failedBatches: c.failedBatches,
      lockRetries: c.lockRetries,
      maxBatchSize: c.maxBatchSize,
      meanBatchSize: c.batches ? Math.round((c.units / c.batches) * 100) / 100 : 0,
      batchSizes,
      waitMs: this.waits.summary(),
      batchMs: this.batchTimes.summary(),
    };
  }

  private schedule(delayMs = 0) {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after the poll phase, so every request that arrived in
    // this turn of the event loop joins the same batch.
    if (delayMs > 0) setTimeout(() => this.flush(), delayMs);
    else setImmediate(() => this.flush());
  }

  private flush() {
    this.scheduled = false;
    if (this.queue.length === 0) return this.settleDrain();

    if (!this.begin()) return;
    const batch = this.queue.splice(0, this.maxBatchSize);
    const startedAt = performance.now();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < batch.length; i++) {
      const unit = batch[i]!;
      this.waits.add(startedAt - unit.enqueuedAt);
      outcomes.push(this.runUnit(unit));
      if (!this.sqlite.inTransaction) {
        // Some errors (disk full, I/O) make SQLite roll back the whole
        // transaction: the units before this one are lost with it. Fail them
        // honestly and put the units not yet run back at the head of the queue.
        const error = (outcomes[i] as { error?: unknown }).error;
        this.queue.unshift(...batch.slice(i + 1));
        this.counters.failedBatches++;
        for (const done of batch.slice(0, i + 1)) done.reject(error);
        return this.afterBatch(i + 1, startedAt);
      }
    }

    try {
      this.stmts.commit.run();
    } catch (error) {
      this.counters.failedBatches++;
      if (this.sqlite.inTransaction) this.stmts.rollback.run();
      for (const unit of batch) unit.reject(error);
      return this.afterBatch(batch.length, startedAt);
    }
    batch.forEach((unit, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
    this.afterBatch(batch.length, startedAt);
  }

  /** BEGIN IMMEDIATE, retrying later (without blocking the event loop further) when another process holds the lock. */
  private begin(): boolean {
    try {
      this.stmts.begin.run();
      this.lockRetryStartedAt = 0;
      return true;
    } catch (error) {
      const now = performance.now();
      if (isBusy(error)) {
        if (this.lockRetryStartedAt === 0) this.lockRetryStartedAt = now;
        if (now - this.lockRetryStartedAt < this.lockRetryMs) {
          this.counters.lockRetries++;
          this.schedule(5 + Math.floor(Math.random() * 20));
          return false;
        }
      }
      this.lockRetryStartedAt = 0;
      const failed = this.queue.splice(0, this.maxBatchSize);
      this.counters.failedBatches++;
      for (const unit of failed) unit.reject(error);
      this.afterBatch(failed.length, now);
      return false;
    }
  }

  private runUnit(unit: Unit<TDb>): Outcome {
    this.stmts.savepoint.run();
    try {
      const value = unit.fn(this.db);
      if (isThenable(value)) {
        // Its rejection (if any) would otherwise be unhandled and end the process.
        (value as PromiseLike<unknown>).then(undefined, () => {});
        throw new AsyncUnitError();
      }
      this.stmts.release.run();
      return { ok: true, value };
    } catch (error) {
      this.counters.failedUnits++;
      if (this.sqlite.inTransaction) {
        this.stmts.rollbackTo.run();
        this.stmts.release.run();
      }
      return { ok: false, error };
    }
  }

  private afterBatch(size: number, startedAt: number) {
    const c = this.counters;
    c.batches++;
    c.units += size;
    if (size > c.maxBatchSize) c.maxBatchSize = size;
    const bucket = BUCKETS.find((b) => size <= b) ?? Infinity;
    this.histogram.set(bucket, (this.histogram.get(bucket) ?? 0) + 1);
    this.batchTimes.add(performance.now() - startedAt);
    // Wake as many callers as there is now room for.
    let room = this.maxQueue - this.queue.length;
    while (room-- > 0 && this.roomWaiters.length > 0) this.roomWaiters.shift()!();
    if (this.queue.length > 0) this.schedule();
    else this.settleDrain();
  }

  private settleDrain() {
    if (this.queue.length === 0 && !this.scheduled && this.enqueuing === 0) {
      for (const wake of this.drainWaiters.splice(0)) wake();
    }
  }
}
