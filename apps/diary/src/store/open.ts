import fs from "node:fs";
import path from "node:path";
import { DatabaseStartupError, isPlainSqliteFile, migrate, openDatabase } from "@quire/db";
import type { QuireDatabase } from "@quire/db";

import { DiaryError, EXIT, WrongPassphraseError } from "../errors";
import { DIARY_APPLICATION_ID, migrations } from "./migrations";

export type Diary = QuireDatabase;

export interface OpenDiaryOptions {
  /** Create the file when it does not exist (add, import, interactive mode). */
  create: boolean;
  /** Also create a missing parent directory (the default location, `~/.quire`). */
  createDirectory: boolean;
}

/** True when the file exists (a diary to unlock rather than one to create). */
export function diaryExists(file: string): boolean {
  return fs.existsSync(file);
}

/**
 * Open the diary through `@quire/db` with the passphrase as its SQLCipher key:
 * WAL, the single writer, migrations. A wrong passphrase, a plain SQLite file
 * or some other encrypted database is refused before anything is written.
 */
export function openDiary(file: string, passphrase: string, options: OpenDiaryOptions): Diary {
  let created = false;
  if (!fs.existsSync(file)) {
    if (!options.create) {
      throw new DiaryError(`no diary at ${file} yet: \`quire-diary add\` (or the menu) creates it`);
    }
    const dir = path.dirname(file);
    if (!fs.existsSync(dir)) {
      if (!options.createDirectory) throw new DiaryError(`directory ${dir} does not exist`);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    }
    // An empty file is a new database to SQLite; creating it first makes it private from the start.
    fs.closeSync(fs.openSync(file, "wx", 0o600));
    created = true;
  }
  const discard = () => {
    if (created) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  };

  let quire: Diary;
  try {
    quire = openDatabase(file, { encryptionKey: passphrase });
  } catch (error) {
    discard();
    if (error instanceof DatabaseStartupError) {
      const code = (error.cause as { code?: string } | undefined)?.code;
      if (code === "SQLITE_NOTADB") {
        if (isPlainSqliteFile(file)) {
          throw new DiaryError(`${file} is an unencrypted SQLite database, not a diary`, EXIT.locked);
        }
        throw new WrongPassphraseError();
      }
      throw new DiaryError(error.message.replace(/^Cannot open database /, "cannot open "));
    }
    throw error;
  }

  try {
    const appId = quire.sqlite.pragma("application_id", { simple: true }) as number;
    const objects = quire.sqlite.prepare("SELECT count(*) FROM sqlite_schema").pluck().get() as number;
    // Never add a diary's tables to someone else's database.
    if (appId !== DIARY_APPLICATION_ID && objects > 0) {
      throw new DiaryError(`${file} is an encrypted database, but not a diary`, EXIT.locked);
    }
    migrate(quire.sqlite, migrations);
  } catch (error) {
    quire.sqlite.close();
    discard();
    const sqliteError = ((error as { cause?: unknown }).cause ?? error) as { code?: string; message?: string };
    if (sqliteError.code === "SQLITE_CORRUPT" || sqliteError.code === "SQLITE_NOTADB") {
      throw new DiaryError(`the diary file is damaged (${sqliteError.message}); restore it from a backup`);
    }
    throw error instanceof DatabaseStartupError ? new DiaryError(error.message) : error;
  }
  return quire;
}
