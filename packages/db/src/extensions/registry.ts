import type BetterSqlite3 from "better-sqlite3";

type SqlValue = number | bigint | string | Buffer | null;

/** A JS scalar function callable from SQL. */
export interface ScalarFunction {
  kind: "function";
  name: string;
  fn: (...args: SqlValue[]) => SqlValue;
  /** Same inputs always give the same output (lets SQLite use it in indexes). */
  deterministic?: boolean;
  varargs?: boolean;
}

/**
 * Callbacks of a JS aggregate. Declared here rather than taken from
 * @types/better-sqlite3, whose `step` allows one SQL argument only, so
 * `percentile(x, p)` could not be typed. Methods, so the state may be typed.
 */
export interface AggregateOptions extends BetterSqlite3.RegistrationOptions {
  start?: unknown;
  step(total: unknown, ...args: SqlValue[]): unknown;
  inverse?(total: unknown, ...args: SqlValue[]): unknown;
  result?(total: unknown): unknown;
}

/** A JS aggregate; give `inverse` to make it usable as a window function. */
export interface AggregateFunction {
  kind: "aggregate";
  name: string;
  options: AggregateOptions;
}

/** A table-valued function (eponymous virtual table) such as `date_series(start, stop, step)`. */
export interface TableFunction {
  kind: "table";
  name: string;
  columns: string[];
  parameters: string[];
  rows: (...params: SqlValue[]) => Generator<SqlValue[] | Record<string, SqlValue>>;
}

export type Extension = ScalarFunction | AggregateFunction | TableFunction;

/**
 * A set of SQL extensions installed on every connection {@link openDatabase}
 * opens. `@quire/db` ships `regexp`, `median`, `percentile` and
 * `date_series`; apps add their own through `openDatabase({ extensions })`.
 *
 * @example
 * const registry = createExtensionRegistry([...builtinExtensions, slugify]);
 * registry.install(sqlite);
 */
export function createExtensionRegistry(initial: Extension[] = []) {
  const byName = new Map<string, Extension>();
  const registry = {
    register(extension: Extension) {
      byName.set(extension.name.toLowerCase(), extension);
      return registry;
    },
    list(): Extension[] {
      return [...byName.values()];
    },
    install(sqlite: BetterSqlite3.Database) {
      for (const ext of byName.values()) installExtension(sqlite, ext);
    },
  };
  for (const ext of initial) registry.register(ext);
  return registry;
}

export type ExtensionRegistry = ReturnType<typeof createExtensionRegistry>;

export function installExtension(sqlite: BetterSqlite3.Database, ext: Extension) {
  switch (ext.kind) {
    case "function":
      sqlite.function(
        ext.name,
        { deterministic: ext.deterministic ?? false, varargs: ext.varargs ?? false },
        ext.fn,
      );
      break;
    case "aggregate":
      sqlite.aggregate(ext.name, ext.options as Parameters<BetterSqlite3.Database["aggregate"]>[1]);
      break;
    case "table":
      sqlite.table(ext.name, {
        columns: ext.columns,
        parameters: ext.parameters,
        // better-sqlite3 calls rows() with the parameters as arguments.
        rows: ext.rows as (...params: unknown[]) => Generator<unknown[] | Record<string, unknown>>,
      });
      break;
  }
}
