import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import CipherDatabase from "better-sqlite3-multiple-ciphers";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

import { backup } from "./backup";
import { runBackupCli } from "./backup-cli";
import { isPlainSqliteFile, rekeyDatabase } from "./encryption";
import type { RekeyStep } from "./encryption";
import { DatabaseStartupError } from "./errors";
import { openDatabase } from "./open";
import type { OpenDatabaseOptions, QuireDatabase, Schema } from "./open";

const KEY = "correct horse 'battery' staple";
const SECRET = "MEET-AT-THE-OLD-MILL-AT-MIDNIGHT";

let dir: string;
const opened: QuireDatabase[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-crypt-"));
});

afterEach(async () => {
  for (const q of opened.splice(0)) await q.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(file: string, options: OpenDatabaseOptions<Schema> = {}) {
  const q = openDatabase(file, options);
  opened.push(q);
  return q;
}

async function closeAll() {
  for (const q of opened.splice(0)) await q.close();
}

/** An encrypted file with a table of secrets, written through the writer and closed. */
async function encryptedFile(name = "secret.db", key = KEY, rows = 50) {
  const file = path.join(dir, name);
  const q = open(file, { encryptionKey: key });
  q.sqlite.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  await Promise.all(Array.from({ length: rows }, (_, i) => q.sql.run("INSERT INTO notes (body) VALUES (?)", `${SECRET} #${i}`)));
  await closeAll();
  return file;
}

/** An independent SQLCipher 4 reader: the cipher library configured by hand, key given as SQL. */
function readWithSqlcipher4(file: string, key: string): string[] {
  const db = new CipherDatabase(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma("legacy = 4");
    db.pragma(`key = '${key.replaceAll("'", "''")}'`);
    return db.prepare("SELECT body FROM notes ORDER BY id").pluck().all() as string[];
  } finally {
    db.close();
  }
}

function plainRead(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get();
  } finally {
    db.close();
  }
}

/** Every file in the directory with its SHA-256: "untouched" means this does not change. */
function snapshot(d = dir) {
  return Object.fromEntries(
    fs.readdirSync(d).map((name) => [name, createHash("sha256").update(fs.readFileSync(path.join(d, name))).digest("hex")]),
  );
}

function startupError(run: () => unknown): DatabaseStartupError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseStartupError);
    return error as DatabaseStartupError;
  }
  throw new Error("expected a DatabaseStartupError");
}

describe("openDatabase with encryptionKey", () => {
  test("creates an SQLCipher 4 file: no plaintext on disk (file or WAL), unreadable as plain SQLite", async () => {
    const file = path.join(dir, "secret.db");
    const q = open(file, { encryptionKey: KEY });
    expect(q.encrypted).toBe(true);
    expect(q.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(q.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    // SQLCipher 4 defaults: PBKDF2-HMAC-SHA512 with 256 000 iterations, HMAC-SHA512 pages of 4 KiB, no plaintext header.
    expect(q.sqlite.pragma("cipher", { simple: true })).toBe("sqlcipher");
    expect(Number(q.sqlite.pragma("legacy", { simple: true }))).toBe(4);
    expect(Number(q.sqlite.pragma("kdf_iter", { simple: true }))).toBe(256_000);
    expect(Number(q.sqlite.pragma("hmac_algorithm", { simple: true }))).toBe(2);
    expect(Number(q.sqlite.pragma("plaintext_header_size", { simple: true }))).toBe(0);
    q.sqlite.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    await Promise.all(Array.from({ length: 200 }, (_, i) => q.sql.run("INSERT INTO notes (body) VALUES (?)", `${SECRET} #${i}`)));

    // While open, the writes sit in the WAL: it is encrypted too.
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    for (const f of [file, `${file}-wal`]) expect(fs.readFileSync(f).includes(SECRET)).toBe(false);
    await closeAll();
    const bytes = fs.readFileSync(file);
    expect(bytes.includes(SECRET)).toBe(false);
    expect(bytes.includes("CREATE TABLE")).toBe(false);
    expect(isPlainSqliteFile(file)).toBe(false);
    expect(() => plainRead(file)).toThrow(expect.objectContaining({ code: "SQLITE_NOTADB" }) as Error);

    const again = open(file, { encryptionKey: KEY });
    expect(again.sqlite.prepare("SELECT count(*) FROM notes").pluck().get()).toBe(200);
    await closeAll();
    expect(readWithSqlcipher4(file, KEY)).toHaveLength(200);
  });

  test("a wrong key is refused with a clear error and leaves every file untouched", async () => {
    const file = await encryptedFile();
    const before = snapshot();
    const error = startupError(() => open(file, { encryptionKey: "not the key" }));
    expect(error.message).toBe(`Cannot open database ${file}: wrong encryption key, or the file is not an encrypted Quire database`);
    expect(error.cause).toMatchObject({ code: "SQLITE_NOTADB" });
    expect(snapshot()).toEqual(before);
    expect(readWithSqlcipher4(file, KEY)).toHaveLength(50);
  });

  test("no key on an encrypted file says it may be encrypted; nothing is written", async () => {
    const file = await encryptedFile();
    const before = snapshot();
    const error = startupError(() => open(file));
    expect(error.message).toContain("not a SQLite database");
    expect(error.message).toContain("encrypted and no encryption key was given");
    expect(snapshot()).toEqual(before);
  });

  test("a key on an unencrypted database is refused and the file stays as it was", async () => {
    const file = path.join(dir, "plain.db");
    open(file).sqlite.exec("CREATE TABLE t (x)");
    await closeAll();
    const before = snapshot();
    const error = startupError(() => open(file, { encryptionKey: KEY }));
    expect(error.message).toContain("unencrypted SQLite database, but an encryption key was given");
    expect(snapshot()).toEqual(before);
    expect(plainRead(file)).toBe(1);
  });

  test("after a crash (WAL left behind) a wrong key or no key leaves the database and its WAL as they were", async () => {
    const file = path.join(dir, "live.db");
    const q = open(file, { encryptionKey: KEY });
    q.sqlite.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    await Promise.all(Array.from({ length: 300 }, (_, i) => q.sql.run("INSERT INTO notes (body) VALUES (?)", `${SECRET} ${i}`)));
    // The files as a killed process leaves them: the rows only in the WAL.
    const crashed = path.join(dir, "crashed");
    fs.mkdirSync(crashed);
    for (const suffix of ["", "-wal", "-shm"]) fs.copyFileSync(`${file}${suffix}`, path.join(crashed, `live.db${suffix}`));
    await closeAll();
    const copy = path.join(crashed, "live.db");
    const data = () => {
      const { "live.db-shm": _shm, ...rest } = snapshot(crashed);
      return rest;
    };
    const before = snapshot(crashed);
    expect(Object.keys(before)).toEqual(["live.db", "live.db-shm", "live.db-wal"]);

    // Without a key it is refused before SQLite opens it (plain SQLite would checkpoint the WAL on close).
    expect(startupError(() => open(copy)).message).toContain("encrypted and no encryption key was given");
    expect(snapshot(crashed)).toEqual(before);
    // A wrong key fails on page 1; SQLite may rebuild the -shm index (scratch), nothing else changes.
    expect(startupError(() => open(copy, { encryptionKey: "wrong" })).message).toContain("wrong encryption key");
    expect(data()).toEqual({ "live.db": before["live.db"], "live.db-wal": before["live.db-wal"] });

    const recovered = open(copy, { encryptionKey: KEY });
    expect(recovered.sqlite.prepare("SELECT count(*) FROM notes").pluck().get()).toBe(300);
    expect(recovered.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
  });

  test("a garbage file with a key is reported, not overwritten", () => {
    const file = path.join(dir, "garbage.db");
    fs.writeFileSync(file, Buffer.alloc(8192, 0x5a));
    expect(startupError(() => open(file, { encryptionKey: KEY })).message).toContain("wrong encryption key");
    expect(fs.readFileSync(file).equals(Buffer.alloc(8192, 0x5a))).toBe(true);
  });

  test("an empty key is an error, not a silently unencrypted file", () => {
    const file = path.join(dir, "empty-key.db");
    expect(startupError(() => open(file, { encryptionKey: "" })).message).toContain("encryption key is empty");
    expect(fs.existsSync(file)).toBe(false);
  });

  test("a raw 256-bit key (x'…') works and skips the key derivation", async () => {
    const raw = `x'${"ab".repeat(32)}'`;
    const file = await encryptedFile("raw.db", raw);
    expect(readWithSqlcipher4(file, raw)).toHaveLength(50);
    expect(() => readWithSqlcipher4(file, "ab".repeat(32))).toThrow();
  });

  test("extensions and migrations work on an encrypted file", () => {
    const q = open(path.join(dir, "ext.db"), {
      encryptionKey: KEY,
      migrations: [{ tag: "0000_init", sql: "CREATE TABLE t (n INTEGER NOT NULL); INSERT INTO t VALUES (1), (2), (3), (10);" }],
    });
    expect(q.migrations.applied).toEqual(["0000_init"]);
    expect(q.sqlite.prepare("SELECT median(n) FROM t").pluck().get()).toBe(2.5);
    expect(q.sqlite.prepare("SELECT count(*) FROM date_series('2026-01-01', '2026-01-03', '1 day')").pluck().get()).toBe(3);
  });
});

describe("backup of an encrypted database", () => {
  function expectEncryptedCopy(copy: string, rows: number) {
    const bytes = fs.readFileSync(copy);
    expect(bytes.includes(SECRET)).toBe(false);
    expect(isPlainSqliteFile(copy)).toBe(false);
    expect(() => plainRead(copy)).toThrow(expect.objectContaining({ code: "SQLITE_NOTADB" }) as Error);
    expect(readWithSqlcipher4(copy, KEY)).toHaveLength(rows);
  }

  test("of a live connection: encrypted with the same key, consistent while the writer runs", async () => {
    const q = open(path.join(dir, "live.db"), { encryptionKey: KEY });
    q.sqlite.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    await Promise.all(Array.from({ length: 500 }, (_, i) => q.sql.run("INSERT INTO notes (body) VALUES (?)", `${SECRET} ${i}`)));
    let stop = false;
    const writing = (async () => {
      while (!stop) {
        await q.sql.run("INSERT INTO notes (body) VALUES (?)", `${SECRET} later`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const target = path.join(dir, "backups", "live-copy.db");
    const result = await backup(q.sqlite, target);
    stop = true;
    await writing;
    expect(result).toMatchObject({ file: target, encrypted: true, bytes: fs.statSync(target).size });
    expect(result.pages).toBeGreaterThan(1);
    const rows = readWithSqlcipher4(target, KEY).length;
    expect(rows).toBeGreaterThanOrEqual(500);
    expectEncryptedCopy(target, rows);
  });

  test("by path with the key (as the CLI does)", async () => {
    const file = await encryptedFile();
    const target = path.join(dir, "by-path.db");
    const result = await backup(file, target, { encryptionKey: KEY });
    expect(result.encrypted).toBe(true);
    expectEncryptedCopy(target, 50);
  });

  test("by path without the key, or with a wrong one, fails and writes nothing", async () => {
    const file = await encryptedFile();
    const target = path.join(dir, "never.db");
    await expect(backup(file, target)).rejects.toThrow();
    await expect(backup(file, target, { encryptionKey: "wrong" })).rejects.toThrow(/wrong encryption key/);
    expect(fs.existsSync(target)).toBe(false);
  });

  test("the CLI passes the key and says the copy is encrypted", async () => {
    const file = await encryptedFile();
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const target = path.join(dir, "cli.db");
      expect(await runBackupCli("blog", file, [target], { encryptionKey: KEY })).toBe(0);
      expect(log.mock.calls[0]?.[0]).toMatch(/^blog: backed up .* to .*cli\.db .*encrypted with the database's key\)$/);
      expectEncryptedCopy(target, 50);
    } finally {
      log.mockRestore();
    }
  });
});

describe("rekeyDatabase", () => {
  test("the new key opens the file with every row; the old key stops working; no temp files remain", async () => {
    const file = await encryptedFile();
    const steps: RekeyStep[] = [];
    rekeyDatabase(file, { oldKey: KEY, newKey: "new key", onStep: (s) => steps.push(s) });
    expect(steps).toEqual(["locked", "copied", "rekeyed", "verified", "synced", "renamed"]);
    expect(readWithSqlcipher4(file, "new key")).toHaveLength(50);
    expect(() => readWithSqlcipher4(file, KEY)).toThrow(expect.objectContaining({ code: "SQLITE_NOTADB" }) as Error);
    expect(fs.readdirSync(dir)).toEqual(["secret.db"]);
    expect(fs.readFileSync(file).includes(SECRET)).toBe(false);
    const q = open(file, { encryptionKey: "new key" });
    expect(q.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(q.sqlite.prepare("SELECT count(*) FROM notes").pluck().get()).toBe(50);
  });

  test("encrypts an unencrypted database, and decrypts it again", async () => {
    const file = path.join(dir, "plain.db");
    const q = open(file);
    q.sqlite.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    await q.sql.run("INSERT INTO notes (body) VALUES (?)", SECRET);
    await closeAll();
    expect(fs.readFileSync(file).includes(SECRET)).toBe(true);

    rekeyDatabase(file, { oldKey: undefined, newKey: KEY });
    expect(fs.readFileSync(file).includes(SECRET)).toBe(false);
    expect(readWithSqlcipher4(file, KEY)).toEqual([SECRET]);

    rekeyDatabase(file, { oldKey: KEY, newKey: undefined });
    expect(isPlainSqliteFile(file)).toBe(true);
    expect(plainRead(file)).toBe(1);
  });

  test("a wrong old key changes nothing", async () => {
    const file = await encryptedFile();
    const before = snapshot();
    expect(() => rekeyDatabase(file, { oldKey: "nope", newKey: "new" })).toThrow(/wrong encryption key/);
    expect(snapshot()).toEqual(before);
  });

  test("refuses while another connection has the file open, and leaves it as it was", async () => {
    const file = await encryptedFile();
    const other = open(file, { encryptionKey: KEY });
    expect(() => rekeyDatabase(file, { oldKey: KEY, newKey: "new", busyTimeoutMs: 100 })).toThrow(
      expect.objectContaining({ code: "SQLITE_BUSY" }) as Error,
    );
    expect(other.sqlite.prepare("SELECT count(*) FROM notes").pluck().get()).toBe(50);
    await closeAll();
    expect(fs.readdirSync(dir)).toEqual(["secret.db"]);
    expect(readWithSqlcipher4(file, KEY)).toHaveLength(50);
  });

  test("a failure at any step before the rename keeps the old key and removes the copy", async () => {
    const file = await encryptedFile();
    for (const failAt of ["locked", "copied", "rekeyed", "verified", "synced"] as const) {
      expect(() =>
        rekeyDatabase(file, {
          oldKey: KEY,
          newKey: "new",
          onStep: (s) => {
            if (s === failAt) throw new Error(`boom at ${s}`);
          },
        }),
      ).toThrow(`boom at ${failAt}`);
      expect(fs.readdirSync(dir)).toEqual(["secret.db"]);
      expect(readWithSqlcipher4(file, KEY)).toHaveLength(50);
    }
    // The file went back to WAL mode.
    const db = new CipherDatabase(file);
    db.pragma("cipher = 'sqlcipher'");
    db.pragma("legacy = 4");
    db.pragma(`key = '${KEY.replaceAll("'", "''")}'`);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const steps: RekeyStep[] = ["locked", "copied", "rekeyed", "verified", "synced", "renamed"];

  test.each(steps)("killed (SIGKILL) after %s: the file opens with the old or the new key, all rows there", async (step) => {
    const file = await encryptedFile();
    const child = spawn(process.execPath, ["--import", "tsx", path.join(packageDir, "test", "rekey-worker.ts"), file, step], {
      cwd: packageDir,
      env: { ...process.env, REKEY_OLD: KEY, REKEY_NEW: "new key" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding("utf8").on("data", (c: string) => {
        out += c;
        if (out.includes(`paused at ${step}`)) resolve();
      });
      child.on("exit", (code) => reject(new Error(`worker exited (${code}) before pausing: ${out}${err}`)));
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGKILL");
    await exited;

    const byOld = (() => {
      try {
        return readWithSqlcipher4(file, KEY);
      } catch {
        return undefined;
      }
    })();
    const byNew = (() => {
      try {
        return readWithSqlcipher4(file, "new key");
      } catch {
        return undefined;
      }
    })();
    expect(byOld === undefined).not.toBe(byNew === undefined);
    expect((byOld ?? byNew)!).toHaveLength(50);
    expect(byNew !== undefined).toBe(step === "renamed");
    // A copy left behind by the killed run is cleaned up by the next one.
    rekeyDatabase(file, { oldKey: byOld ? KEY : "new key", newKey: "third key" });
    expect(fs.readdirSync(dir)).toEqual(["secret.db"]);
    expect(readWithSqlcipher4(file, "third key")).toHaveLength(50);
  });
});
