import { sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";

/**
 * `1, 2, 3` for `IN (…)`: each id a bound parameter cast to INTEGER
 * (better-sqlite3 binds JS numbers as REAL, which an INTEGER PRIMARY KEY
 * lookup would compare as a number but not seek on).
 *
 * @example
 * sql`SELECT id FROM documents WHERE id IN (${integerList([3, 5])})`;
 */
export function integerList(ids: readonly number[]): SQL {
  return sql.join(
    ids.map((id) => sql`CAST(${id} AS INTEGER)`),
    sql`, `,
  );
}
