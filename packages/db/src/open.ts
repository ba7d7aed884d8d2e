import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";

import { DatabaseStartupError } from "./errors";
import { builtinExtensions, createExtensionRegistry } from "./extensions";
import type { Extension } from "./extensions";
import { migrate } from "./migrate";
import type { Migration, MigrationResult } from "./migrate";
import { createSqlRunner } from "./sql-runner";
import type { SqlRunner } from "./sql-runner";
import { Writer } from "./writer";
import type { WriterOptions } from "./writer";

export type Schema = Record<string, unknown>;
export type DrizzleDb<TSchema extends Schema> = BetterSQLite3Database<TSchema>;

export interface OpenDatabaseOptions<TSchema extends Schema> {
  /** The app's drizzle schema (tables and relations). */
  schema?: TSchema;
  /** Migrations applied at open: a drizzle-kit folder, or the embedded list (`migrations.generated.ts`). */
  migrations?: string | Migration[];
  /** Same as `migrations` with a folder path. */
  migrationsFolder?: string;
  /** Extra SQL functions, aggregates and table-valued functions (builtins are always installed). */
  extensions?: Extension[];
  /** Create a missing parent directory (for default locations); otherwise a missing directory is an error. */
  createDirectory?: boolean;
  /** Wait this long for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Page cache per connection, in KiB. */
  cacheSizeKiB?: number;
  writer?: WriterOptions;
}

export interface QuireDatabase<TSchema extends Schema = Schema> {
  /** Absolute path of the database file. */
  path: string;
  /** The raw better-sqlite3 connection: reads only; writes go through `writer`. */
  sqlite: Database.Database;
  /** drizzle over the same connection: reads directly, writes inside `writer.run`. */
  db: DrizzleDb<TSchema>;
  writer: Writer<DrizzleDb<TSchema>>;
  sql: SqlRunner;
  migrations: MigrationResult;
  close(): Promise<void>;
}

function sqliteCode(error: unknown): string {
  return (error as { code?: string } | null)?.code ?? "";
}

function checkLocation(file: string, createDirectory: boolean) {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) {
    // existsSync is also false when a parent is a regular file (ENOTDIR): say so rather than "create it".
    let ancestor = path.dirname(dir);
    while (!fs.existsSync(ancestor) && path.dirname(ancestor) !== ancestor) ancestor = path.dirname(ancestor);
    if (!fs.statSync(ancestor).isDirectory()) {
      throw new DatabaseStartupError(file, `${ancestor} is a file, not a directory, so ${dir} cannot be created`);
    }
    if (!createDirectory) {
      throw new DatabaseStartupError(file, `its directory ${dir} does not exist. Create it or point the setting elsewhere.`);
    }
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new DatabaseStartupError(file, `cannot create directory ${dir}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (!fs.statSync(dir).isDirectory()) {
    throw new DatabaseStartupError(file, `${dir} is not a directory`);
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new DatabaseStartupError(file, `directory ${dir} is not writable (SQLite needs it for the -wal and -shm files)`, { cause: error });
  }
  if (fs.existsSync(file)) {
    if (!fs.statSync(file).isFile()) throw new DatabaseStartupError(file, "it is not a regular file");
    try {
      fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    } catch (error) {
      throw new DatabaseStartupError(file, "the file is not readable and writable by this user", { cause: error });
    }
  }
}

/**
 * Open (or create) a database file the Quire way: WAL, synchronous=NORMAL,
 * foreign keys on, a busy timeout, a decent page cache, every registered SQL
 * extension, migrations applied, and one {@link Writer} for all writes.
 * Throws {@link DatabaseStartupError} with a message naming the file when the
 * location is unusable, the file is not a database, or a migration fails.
 *
 * @example
 * const quire = openDatabase("data/example.db", { schema, migrations });
 * const rows = await quire.db.select().from(posts);
 * await quire.writer.run((db) => db.insert(posts).values({ title: "Hi" }).run());
 */
export function openDatabase<TSchema extends Schema = Schema>(
  file: string,
  options: OpenDatabaseOptions<TSchema> = {},
): QuireDatabase<TSchema> {
  const absolute = path.resolve(/*turbopackIgnore: true*/ file);
  checkLocation(absolute, options.createDirectory ?? false);

  let sqlite: Database.Database;
  try {
    sqlite = new Database(absolute);
  } catch (error) {
    throw new DatabaseStartupError(absolute, (error as Error).message, { cause: error });
  }
  try {
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    const mode = sqlite.pragma("journal_mode = WAL", { simple: true });
    if (mode !== "wal") throw new Error(`journal_mode is ${String(mode)}, WAL could not be enabled`);
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma(`cache_size = -${Math.max(1024, Math.floor(options.cacheSizeKiB ?? 32_768))}`);
    sqlite.pragma("temp_store = MEMORY");
    // Reading the schema touches page 1: a damaged header fails here, not on the first request.
    sqlite.prepare("SELECT count(*) FROM sqlite_schema").pluck().get();
  } catch (error) {
    sqlite.close();
    const code = sqliteCode(error);
    const reason =
      code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT"
        ? `the file is not a SQLite database or is corrupt (${(error as Error).message}). Restore it from a backup or move it away.`
        : (error as Error).message;
    throw new DatabaseStartupError(absolute, reason, { cause: error });
  }

  createExtensionRegistry([...builtinExtensions, ...(options.extensions ?? [])]).install(sqlite);

  let migrations: MigrationResult = { applied: [], skipped: 0 };
  const source = options.migrations ?? options.migrationsFolder;
  if (source) {
    try {
      migrations = migrate(sqlite, source);
    } catch (error) {
      sqlite.close();
      throw error;
    }
  }

  const db: DrizzleDb<TSchema> = drizzle({ client: sqlite, schema: options.schema ?? ({} as TSchema) });
  const writer = new Writer(sqlite, db, options.writer);
  const sql = createSqlRunner(sqlite, writer as Writer<unknown>);
  let closed: Promise<void> | undefined;
  return {
    path: absolute,
    sqlite,
    db,
    writer,
    sql,
    migrations,
    close() {
      closed ??= writer.close().then(() => {
        if (sqlite.open) sqlite.close();
      });
      return closed;
    },
  };
}
