import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@quire/db";
import type { Migration, QuireDatabase } from "@quire/db";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import type { MockInstance } from "vitest";

import { defineAppRuntime } from "./index";

const migrations: Migration[] = [
  { tag: "0000_notes", sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);" },
];

let dir: string;
const opened: QuireDatabase[] = [];

function open(file: string, options: { createDirectory: boolean }) {
  const quire = openDatabase(file, { ...options, migrations });
  opened.push(quire);
  return quire;
}

/** Insert one demo row into an empty database; false when it already has rows. */
async function seed(quire: QuireDatabase): Promise<boolean> {
  return quire.writer.run(() => {
    const n = quire.sqlite.prepare("SELECT count(*) FROM notes").pluck().get() as number;
    if (n > 0) return false;
    quire.sqlite.prepare("INSERT INTO notes (body) VALUES ('hello')").run();
    return true;
  });
}

function runtime(
  location: { dataDir: string; databasePath: string; explicit: boolean },
  seedFn = seed,
) {
  return defineAppRuntime({
    app: "blog",
    location,
    open,
    seed: seedFn,
    seedDemo: true,
    secrets: {},
    trustedOrigins: ["http://localhost:3001"],
  });
}

function forgetRuntime() {
  delete (globalThis as Record<string, unknown>).__quire_runtime_blog;
}

let log: MockInstance<typeof console.log>;
let errorLog: MockInstance<typeof console.error>;
let exit: MockInstance<typeof process.exit>;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-runtime-"));
  forgetRuntime();
  log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  errorLog = vi.spyOn(console, "error").mockImplementation(() => undefined);
  exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
});

afterEach(async () => {
  vi.restoreAllMocks();
  for (const quire of opened.splice(0)) await quire.close();
  forgetRuntime();
  fs.rmSync(dir, { recursive: true, force: true });
});

const logged = () => log.mock.calls.map((c) => String(c[0])).join("\n");

test("start() opens and migrates the database, seeds it, creates the secrets and says so", async () => {
  const dataDir = path.join(dir, "data");
  const location = { dataDir, databasePath: path.join(dataDir, "app.sqlite"), explicit: false };
  const app = runtime(location);
  await app.start();

  expect(exit).not.toHaveBeenCalled();
  expect(errorLog).not.toHaveBeenCalled();
  const quire = app.getDb();
  expect(quire.path).toBe(location.databasePath);
  expect(quire.sqlite.prepare("SELECT body FROM notes").pluck().all()).toEqual(["hello"]);
  expect(fs.statSync(path.join(dataDir, "quire-secrets.json")).mode & 0o777).toBe(0o600);

  expect(logged()).toContain(`[quire:blog] seeded demo content into ${location.databasePath}`);
  expect(logged()).toContain(`[quire:blog] database ${location.databasePath} ready`);
  expect(logged()).toMatch(
    /\[quire:blog\] Admin password \(shown once\): [a-z2-9]{5}(-[a-z2-9]{5}){3}/,
  );

  const auth = await app.getAuth();
  expect(auth.trustedOrigins).toEqual(["http://localhost:3001"]);
  expect(auth.isServiceRequest(new Headers({ authorization: `Bearer ${auth.serviceToken}` }))).toBe(
    true,
  );
});

test("start() runs once per process: one connection, one seed, one secrets load", async () => {
  const location = { dataDir: dir, databasePath: path.join(dir, "app.sqlite"), explicit: false };
  const seedSpy = vi.fn(seed);
  const app = runtime(location, seedSpy);
  await Promise.all([app.start(), app.start()]);
  // Another module graph (Next route vs instrumentation) defining the same app shares the slot.
  const again = runtime(location, seedSpy);
  await again.start();
  expect(seedSpy).toHaveBeenCalledTimes(1);
  expect(again.getDb()).toBe(app.getDb());
  expect(await again.getAuth()).toBe(await app.getAuth());
  expect(opened).toHaveLength(1);
});

test("a restart on an existing database does not seed again nor announce a new password", async () => {
  const location = { dataDir: dir, databasePath: path.join(dir, "app.sqlite"), explicit: false };
  await runtime(location).start();
  const first = await runtime(location).getAuth();
  await opened.splice(0)[0]!.close();
  forgetRuntime();
  log.mockClear();

  const restarted = runtime(location);
  await restarted.start();
  expect(exit).not.toHaveBeenCalled();
  expect(logged()).not.toContain("seeded demo content");
  expect(logged()).not.toContain("Admin password");
  expect(logged()).toContain("ready");
  expect(restarted.getDb().sqlite.prepare("SELECT count(*) FROM notes").pluck().get()).toBe(1);
  expect((await restarted.getAuth()).serviceToken).toBe(first.serviceToken);
});

test("seedDemo=false leaves the database empty", async () => {
  const app = defineAppRuntime({
    app: "blog",
    location: { dataDir: dir, databasePath: path.join(dir, "app.sqlite"), explicit: false },
    open,
    seed,
    seedDemo: false,
    secrets: {},
    trustedOrigins: [],
  });
  await app.start();
  expect(app.getDb().sqlite.prepare("SELECT count(*) FROM notes").pluck().get()).toBe(0);
});

function expectOneLineExit(file: string, reason: RegExp) {
  expect(exit).toHaveBeenCalledTimes(1);
  expect(exit).toHaveBeenCalledWith(1);
  expect(errorLog).toHaveBeenCalledTimes(1);
  const line = String(errorLog.mock.calls[0]![0]);
  expect(line).not.toContain("\n");
  expect(line.startsWith("[quire:blog] cannot start: ")).toBe(true);
  expect(line).toContain(file);
  expect(line).toMatch(reason);
  expect(logged()).not.toContain("ready");
}

test("an explicit location whose directory is missing prints one line naming the file and exits 1", async () => {
  const databasePath = path.join(dir, "missing", "app.sqlite");
  await runtime({ dataDir: dir, databasePath, explicit: true }).start();
  expectOneLineExit(databasePath, /does not exist/);
  expect(fs.existsSync(path.join(dir, "missing"))).toBe(false);
});

test("a data dir that is a regular file prints one line naming the file and exits 1", async () => {
  const dataDir = path.join(dir, "data");
  fs.writeFileSync(dataDir, "not a directory");
  const databasePath = path.join(dataDir, "app.sqlite");
  await runtime({ dataDir, databasePath, explicit: false }).start();
  expectOneLineExit(databasePath, /data is not a directory/);
});

test("a data dir below a regular file prints one line naming the file and exits 1", async () => {
  const blocker = path.join(dir, "data");
  fs.writeFileSync(blocker, "not a directory");
  const databasePath = path.join(blocker, "quire", "app.sqlite");
  await runtime({ dataDir: path.dirname(databasePath), databasePath, explicit: false }).start();
  expectOneLineExit(databasePath, /data is a file, not a directory/);
});

test("a file that is not a SQLite database prints one line naming it and exits 1", async () => {
  const databasePath = path.join(dir, "app.sqlite");
  fs.writeFileSync(
    databasePath,
    "this is not a database, just text that is long enough to have a header ".repeat(20),
  );
  await runtime({ dataDir: dir, databasePath, explicit: true }).start();
  expectOneLineExit(databasePath, /not a SQLite database/);
});

test("a damaged secrets file stops the start with one line too", async () => {
  fs.writeFileSync(path.join(dir, "quire-secrets.json"), "{oops");
  await runtime({
    dataDir: dir,
    databasePath: path.join(dir, "app.sqlite"),
    explicit: true,
  }).start();
  expectOneLineExit(path.join(dir, "quire-secrets.json"), /damaged/);
});
