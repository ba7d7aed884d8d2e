import type BetterSqlite3 from "better-sqlite3";

import type { Writer } from "./writer";

type Params = unknown[];

/** Raw SQL with bound parameters, for queries drizzle cannot express. */
export interface SqlRunner {
  /** Rows of a statement that returns data (SELECT, or a write with RETURNING). */
  all<T = Record<string, unknown>>(text: string, ...params: Params): Promise<T[]>;
  get<T = Record<string, unknown>>(text: string, ...params: Params): Promise<T | undefined>;
  run(text: string, ...params: Params): Promise<BetterSqlite3.RunResult>;
}

const CACHE_SIZE = 256;

/**
 * Prepared statements that route themselves: read-only statements run at once
 * on the connection, anything that writes is queued on the writer. The choice
 * comes from SQLite itself (better-sqlite3's `readonly`, i.e.
 * sqlite3_stmt_readonly; `reader` tells whether rows come back), never from
 * sniffing the SQL text — `WITH … INSERT` or `INSERT … RETURNING` are classified right.
 *
 * @example
 * const rows = await sql.all<{ day: string }>("SELECT value AS day FROM date_series(?, ?, '1 day')", from, to);
 */
export function createSqlRunner(sqlite: BetterSqlite3.Database, writer: Writer<unknown>): SqlRunner {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (text: string) => {
    let stmt = cache.get(text);
    if (!stmt) {
      stmt = sqlite.prepare(text);
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(text, stmt);
    }
    return stmt;
  };
  const route = <T>(stmt: BetterSqlite3.Statement, exec: () => T): Promise<T> =>
    stmt.readonly ? Promise.resolve().then(exec) : writer.run(exec);
  const needRows = (stmt: BetterSqlite3.Statement, text: string) => {
    if (!stmt.reader) throw new TypeError(`Statement returns no rows; use run(): ${text.slice(0, 80)}`);
  };

  // async: a bad statement (syntax error, all() on a non-returning one) rejects
  // like any other failure instead of throwing before the caller has a promise.
  return {
    async all<T>(text: string, ...params: Params) {
      const stmt = prepare(text);
      needRows(stmt, text);
      return route(stmt, () => stmt.all(...params) as T[]);
    },
    async get<T>(text: string, ...params: Params) {
      const stmt = prepare(text);
      needRows(stmt, text);
      return route(stmt, () => stmt.get(...params) as T | undefined);
    },
    async run(text: string, ...params: Params) {
      const stmt = prepare(text);
      return route(stmt, () => stmt.run(...params));
    },
  };
}
