import { spawn } from "node:child_process";
import fs from "node:fs";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { BIN, childEnv, readSqlcipher4, runDiary, snapshot, tempDir } from "./helpers";

const OLD = "old passphrase";
const NEW = "new passphrase";
const STEPS = ["locked", "copied", "rekeyed", "verified", "synced", "renamed"] as const;

let t: ReturnType<typeof tempDir>;
beforeEach(async () => {
  t = tempDir();
  const entries = Array.from({ length: 30 }, (_, i) => ({ body: `entry number ${i}`, createdAt: 1_780_000_000_000 + i * 60_000 }));
  const seed = `${t.dir}/seed.json`;
  fs.writeFileSync(seed, JSON.stringify(entries));
  const r = await runDiary(["import", seed, "--file", t.file], { env: { QUIRE_DIARY_PASSPHRASE: OLD } });
  expect(r.code, r.stderr).toBe(0);
  fs.rmSync(seed);
});
afterEach(() => t.cleanup());

const list = (passphrase: string) => runDiary(["list", "--json", "--file", t.file], { env: { QUIRE_DIARY_PASSPHRASE: passphrase } });

async function entriesWith(passphrase: string): Promise<number | undefined> {
  const r = await list(passphrase);
  return r.code === 0 ? r.stdout.trim().split("\n").length : undefined;
}

describe("rekey", () => {
  test("with --passphrase-stdin (old, then new): the old passphrase stops working, the entries stay", async () => {
    const r = await runDiary(["rekey", "--file", t.file, "--passphrase-stdin"], { input: `${OLD}\n${NEW}\n` });
    expect(r).toMatchObject({ code: 0, stderr: "passphrase changed; 30 entries re-encrypted\n" });
    expect(fs.readdirSync(t.dir)).toEqual(["diary.db"]);
    expect(await entriesWith(NEW)).toBe(30);
    expect(await list(OLD)).toMatchObject({ code: 2, stderr: "quire-diary: wrong passphrase or not a diary file\n" });
    expect(readSqlcipher4<{ n: number }>(t.file, NEW, "SELECT count(*) AS n FROM entries")).toEqual([{ n: 30 }]);
  });

  test("with QUIRE_DIARY_NEW_PASSPHRASE", async () => {
    const r = await runDiary(["rekey", "--file", t.file], { env: { QUIRE_DIARY_PASSPHRASE: OLD, QUIRE_DIARY_NEW_PASSPHRASE: NEW } });
    expect(r.code, r.stderr).toBe(0);
    expect(await entriesWith(NEW)).toBe(30);
  });

  test("a wrong current passphrase changes nothing", async () => {
    const before = snapshot(t.dir);
    const r = await runDiary(["rekey", "--file", t.file, "--passphrase-stdin"], { input: `wrong\n${NEW}\n` });
    expect(r).toMatchObject({ code: 2, stderr: "quire-diary: wrong passphrase or not a diary file\n" });
    expect(snapshot(t.dir)).toEqual(before);
  });

  test("refuses while another session has the diary open; nothing changes", async () => {
    const other = new Database(t.file);
    other.pragma("cipher = 'sqlcipher'");
    other.pragma("legacy = 4");
    other.pragma(`key = '${OLD}'`);
    other.prepare("SELECT count(*) FROM entries").get();
    try {
      const r = await runDiary(["rekey", "--file", t.file, "--passphrase-stdin"], { input: `${OLD}\n${NEW}\n` });
      expect(r).toMatchObject({
        code: 1,
        stderr: "quire-diary: the diary is open in another quire-diary session: close it, then rekey; nothing changed\n",
      });
    } finally {
      other.close();
    }
    expect(await entriesWith(OLD)).toBe(30);
    expect(fs.readdirSync(t.dir)).toEqual(["diary.db"]);
  });

  // The hook makes rekey stand still right after a step; SIGKILL there is a crash at that point.
  test.each(STEPS)("killed with SIGKILL after %s: the old or the new passphrase opens it, all entries there", async (step) => {
    const child = spawn(process.execPath, [BIN, "rekey", "--file", t.file, "--passphrase-stdin"], {
      env: childEnv({ QUIRE_DIARY_TEST_PAUSE_REKEY: step }),
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin.end(`${OLD}\n${NEW}\n`);
    let stderr = "";
    await new Promise<void>((resolve, reject) => {
      child.stderr.setEncoding("utf8").on("data", (c: string) => {
        stderr += c;
        if (stderr.includes(`rekey: paused after ${step}`)) resolve();
      });
      child.on("exit", (code) => reject(new Error(`rekey exited (${code}) before pausing: ${stderr}`)));
    });
    const exited = new Promise((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const withOld = await entriesWith(OLD);
    const withNew = await entriesWith(NEW);
    // Exactly one of them opens it — the new one only once the rename has happened — with every entry.
    expect([withOld, withNew]).toEqual(step === "renamed" ? [undefined, 30] : [30, undefined]);

    // The copy the killed run left is cleared by the next rekey, which works.
    const current = withNew ? NEW : OLD;
    const again = await runDiary(["rekey", "--file", t.file, "--passphrase-stdin"], { input: `${current}\nthird one\n` });
    expect(again.code, again.stderr).toBe(0);
    expect(await entriesWith("third one")).toBe(30);
    expect(fs.readdirSync(t.dir)).toEqual(["diary.db"]);
  });
});
