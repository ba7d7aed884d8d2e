import type { Diary } from "./open";

export interface Streak {
  days: number;
  /** Local dates, YYYY-MM-DD. */
  from: string;
  to: string;
}

export interface DiaryStats {
  entries: number;
  words: number;
  daysWritten: number;
  /** Local date of the first and the last entry. */
  first: string | null;
  last: string | null;
  /** The run of consecutive days ending today, or yesterday if nothing is written yet today. */
  currentStreak: Streak | null;
  longestStreak: Streak | null;
  tags: { tag: string; entries: number }[];
}

/**
 * Days are local calendar days (SQLite's 'localtime', i.e. the TZ the
 * program runs in). Streaks are gaps-and-islands: over the distinct days in
 * order, julianday(day) − row_number() is the same for every day of one run.
 */
export function diaryStats(diary: Diary, today: string): DiaryStats {
  const totals = diary.sqlite
    .prepare(
      "SELECT count(*) AS entries, min(created_at) AS first, max(created_at) AS last FROM entries",
    )
    .get() as { entries: number; first: number | null; last: number | null };
  const bodies = diary.sqlite.prepare("SELECT body FROM entries").pluck().all() as string[];
  const words = bodies.reduce((n, b) => n + (b.match(/\S+/g)?.length ?? 0), 0);

  const streaks = diary.sqlite
    .prepare(
      `WITH days AS (
         SELECT DISTINCT date(created_at / 1000, 'unixepoch', 'localtime') AS day FROM entries
       ),
       islands AS (
         SELECT day, julianday(day) - row_number() OVER (ORDER BY day) AS island FROM days
       )
       SELECT min(day) AS "from", max(day) AS "to", count(*) AS days
       FROM islands GROUP BY island ORDER BY days DESC, "to" DESC`,
    )
    .all() as Streak[];
  const day = (ms: number | null) =>
    ms === null ? null : (diary.sqlite.prepare("SELECT date(? / 1000, 'unixepoch', 'localtime')").pluck().get(ms) as string);
  const yesterday = diary.sqlite.prepare("SELECT date(?, '-1 day')").pluck().get(today) as string;
  const tags = diary.sqlite
    .prepare("SELECT tag, count(*) AS entries FROM entry_tags GROUP BY tag ORDER BY entries DESC, tag")
    .all() as { tag: string; entries: number }[];

  return {
    entries: totals.entries,
    words,
    daysWritten: streaks.reduce((n, s) => n + s.days, 0),
    first: day(totals.first),
    last: day(totals.last),
    currentStreak: streaks.find((s) => s.to === today || s.to === yesterday) ?? null,
    longestStreak: streaks[0] ?? null,
    tags,
  };
}
