import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

import {
  addEntry,
  deleteEntry,
  getEntry,
  importEntries,
  listEntries,
  normalizeTags,
  searchEntries,
  toFtsQuery,
  updateEntry,
} from "./entries";
import { openDiary } from "./open";
import type { Diary } from "./open";
import { diaryStats } from "./stats";

let dir: string;
let diary: Diary;
const day = (d: string, time = "12:00") => new Date(`${d}T${time}:00`).getTime();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-diary-store-"));
  // A raw key: no key derivation, so these tests stay fast.
  diary = openDiary(path.join(dir, "diary.db"), `x'${"42".repeat(32)}'`, { create: true, createDirectory: false });
});
afterEach(async () => {
  await diary.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("entries", () => {
  test("add, get, update (updated_at moves only on a change), delete cascades to tags", async () => {
    const e = await addEntry(diary, { title: "T", body: "b", tags: ["#Work", "home,work"], createdAt: day("2026-01-01") });
    expect(e).toMatchObject({ title: "T", body: "b", tags: ["home", "work"], createdAt: day("2026-01-01"), updatedAt: day("2026-01-01") });
    expect(await updateEntry(diary, e.id, { body: "b" })).toMatchObject({ updatedAt: e.updatedAt });
    const changed = await updateEntry(diary, e.id, { title: "", tags: ["other"] });
    expect(changed).toMatchObject({ title: null, body: "b", tags: ["other"] });
    expect(changed!.updatedAt).toBeGreaterThan(e.updatedAt);
    expect(await updateEntry(diary, 999, { body: "x" })).toBeUndefined();
    expect(await deleteEntry(diary, e.id)).toBe(true);
    expect(getEntry(diary, e.id)).toBeUndefined();
    expect(diary.sqlite.prepare("SELECT count(*) FROM entry_tags").pluck().get()).toBe(0);
    expect(await deleteEntry(diary, e.id)).toBe(false);
  });

  test("tags are normalized and validated", () => {
    expect(normalizeTags(["B", "#a", "a, c", " "])).toEqual(["a", "b", "c"]);
    expect(() => normalizeTags(["two words"])).toThrow(/invalid tag/);
  });

  test("list: newest first, since, tag, limit and offset", async () => {
    for (const [d, tag] of [["2026-01-01", "x"], ["2026-01-02", "y"], ["2026-01-03", "x"]] as const) {
      await addEntry(diary, { body: d, tags: [tag], createdAt: day(d) });
    }
    const bodies = (o: Parameters<typeof listEntries>[1]) => listEntries(diary, o).map((e) => e.body);
    expect(bodies({})).toEqual(["2026-01-03", "2026-01-02", "2026-01-01"]);
    expect(bodies({ since: day("2026-01-02", "00:00") })).toEqual(["2026-01-03", "2026-01-02"]);
    expect(bodies({ tag: "#X" })).toEqual(["2026-01-03", "2026-01-01"]);
    expect(bodies({ limit: 1, offset: 1 })).toEqual(["2026-01-02"]);
  });

  test("search follows edits and deletes (the FTS triggers), ranks title hits first", async () => {
    const a = await addEntry(diary, { body: "the heron stood still", createdAt: day("2026-01-01") });
    const b = await addEntry(diary, { title: "Heron", body: "by the river", createdAt: day("2026-01-02") });
    expect(searchEntries(diary, "heron").map((h) => h.entry.id)).toEqual([b.id, a.id]);
    await updateEntry(diary, a.id, { body: "the egret stood still" });
    expect(searchEntries(diary, "heron").map((h) => h.entry.id)).toEqual([b.id]);
    expect(searchEntries(diary, "egret")[0]!.snippet).toBe("the \u0001egret\u0002 stood still");
    await deleteEntry(diary, b.id);
    expect(searchEntries(diary, "heron")).toEqual([]);
    expect(searchEntries(diary, "   ")).toEqual([]);
  });

  test("toFtsQuery quotes every term; keeps phrases, prefixes and OR", () => {
    expect(toFtsQuery('old "mill race" walk* OR run')).toBe('"old" "mill race" "walk"* OR "run"');
    expect(toFtsQuery('NEAR(a "b')).toBe('"NEAR(a" """b"');
    expect(toFtsQuery("OR x OR")).toBe('"OR" "x"');
    // Whatever is typed, the query is valid FTS5.
    for (const typed of ['say "hi"" OR', "a AND NOT b", "col:x", "^start", "a + b", "*", '"', "(", "x OR OR y"]) {
      expect(() => searchEntries(diary, typed), typed).not.toThrow();
    }
  });

  test("import skips entries already there", async () => {
    const entries = [
      { body: "one", createdAt: day("2026-02-01") },
      { body: "two", tags: ["t"], createdAt: day("2026-02-02") },
    ];
    expect(await importEntries(diary, entries)).toEqual({ imported: 2, skipped: 0 });
    expect(await importEntries(diary, [...entries, { body: "three", createdAt: day("2026-02-03") }])).toEqual({ imported: 1, skipped: 2 });
  });
});

describe("stats", () => {
  test("streaks are runs of consecutive local days; the current one may end yesterday", async () => {
    for (const d of ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-10", "2026-03-14", "2026-03-15"]) {
      await addEntry(diary, { body: `on ${d} we wrote`, createdAt: day(d) });
    }
    await addEntry(diary, { body: "twice", tags: ["x"], createdAt: day("2026-03-15", "18:00") });
    const stats = diaryStats(diary, "2026-03-16");
    expect(stats).toEqual({
      entries: 7,
      words: 6 * 4 + 1,
      daysWritten: 6,
      first: "2026-03-01",
      last: "2026-03-15",
      currentStreak: { days: 2, from: "2026-03-14", to: "2026-03-15" },
      longestStreak: { days: 3, from: "2026-03-01", to: "2026-03-03" },
      tags: [{ tag: "x", entries: 1 }],
    });
    expect(diaryStats(diary, "2026-03-17").currentStreak).toBeNull();
  });

  test("an empty diary", () => {
    expect(diaryStats(diary, "2026-01-01")).toMatchObject({ entries: 0, first: null, currentStreak: null, longestStreak: null });
  });
});
