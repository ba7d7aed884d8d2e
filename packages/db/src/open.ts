import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";

import { assertUsableKey, isPlainSqliteFile, openEncrypted, wrongKeyReason } from "./encryption";
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
  /**
   * Keep the file encrypted at rest (SQLCipher 4, through
   * better-sqlite3-multiple-ciphers): a passphrase, or `x'<64 hex digits>'`
   * for a raw 256-bit key. A new file is created encrypted. Without a key the
   * plain better-sqlite3 build is used, exactly as before.
   */
  encryptionKey?: string;
}

export interface QuireDatabase<TSchema extends Schema = Schema> {
  /** Absolute path of the database file. */
  path: string;
  /** Whether the file is encrypted at rest (opened with `encryptionKey`). */
  encrypted: boolean;
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
 * Refuse, before SQLite touches anything, a file that cannot be what the key
 * says: an encrypted (or non-SQLite) file opened without a key — plain SQLite
 * would otherwise checkpoint a leftover WAL into it on close — and a plain
 * SQLite file opened with a key. A wrong key is found by reading page 1.
 */
function refuseMismatchedFile(file: string, key: string | undefined) {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile() || fs.statSync(file).size === 0) return;
  const plain = isPlainSqliteFile(file);
  if (key === undefined && !plain) {
    const cause = Object.assign(new Error("file is not a database"), { code: "SQLITE_NOTADB" });
    throw new DatabaseStartupError(
      file,
      "the file is not a SQLite database or is corrupt (no SQLite header), or it is encrypted and no encryption key was given. " +
        "Give its key, or restore it from a backup or move it away.",
      { cause },
    );
  }
  if (key !== undefined && plain) {
    const cause = Object.assign(new Error("file is not an encrypted database"), { code: "SQLITE_NOTADB" });
    throw new DatabaseStartupError(file, wrongKeyReason(file), { cause });
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

  const key = options.encryptionKey;
  assertUsableKey(absolute, key);
  refuseMismatchedFile(absolute, key);

  let sqlite: Database.Database;
  try {
    // With a key, the cipher build keys the connection before any other
    // statement and reads page 1: a wrong key fails here and writes nothing.
    sqlite = key === undefined ? new Database(absolute) : openEncrypted(absolute, key);
  } catch (error) {
    const reason = key !== undefined && sqliteCode(error) === "SQLITE_NOTADB" ? wrongKeyReason(absolute) : (error as Error).message;
    throw new DatabaseStartupError(absolute, reason, { cause: error });
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
        ? `the file is not a SQLite database or is corrupt (${(error as Error).message})` +
          (key === undefined && code === "SQLITE_NOTADB"
            ? ", or it is encrypted and no encryption key was given. Give its key, or restore it from a backup or move it away."
            : ". Restore it from a backup or move it away.")
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
    encrypted: key !== undefined,
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
