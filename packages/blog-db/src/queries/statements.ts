import type { QuireDatabase } from "@quire/db";

type Sqlite = QuireDatabase["sqlite"];
type Statement = ReturnType<Sqlite["prepare"]>;

const caches = new WeakMap<Sqlite, Map<string, Statement>>();

/** A read-only statement with typed rows. */
export interface Prepared<TRow> {
  all(...params: unknown[]): TRow[];
  get(...params: unknown[]): TRow | undefined;
}

/**
 * A prepared statement, prepared once per connection. The public pages' queries run on every
 * request; preparing them once (instead of rebuilding SQL per call) is most of their cost.
 * Reads only: writes go through the writer.
 */
export function prepared<TRow = Record<string, unknown>>(
  quire: { sqlite: Sqlite },
  text: string,
): Prepared<TRow> {
  let cache = caches.get(quire.sqlite);
  if (!cache) caches.set(quire.sqlite, (cache = new Map<string, Statement>()));
  let stmt = cache.get(text);
  if (!stmt) cache.set(text, (stmt = quire.sqlite.prepare(text)));
  return stmt as unknown as Prepared<TRow>;
}

export const toDate = (ms: number | null | undefined): Date | null =>
  ms === null || ms === undefined ? null : new Date(ms);
