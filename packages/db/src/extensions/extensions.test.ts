import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createTestDatabase } from "../testing";
import type { TestDatabase } from "../testing";
import { builtinExtensions, createExtensionRegistry, percentileOf } from "./index";
import type { Extension } from "./index";

let t: TestDatabase<Record<string, never>>;

beforeAll(() => {
  t = createTestDatabase();
});

afterAll(async () => {
  await t.cleanup();
});

const value = (text: string, ...params: unknown[]) => t.sqlite.prepare(text).pluck().get(...params);
const column = (text: string, ...params: unknown[]) => t.sqlite.prepare(text).pluck().all(...params);

describe("regexp", () => {
  test("x REGEXP pattern matches with JavaScript syntax", () => {
    expect(value("SELECT 'quire-2024' REGEXP '^quire-\\d{4}$'")).toBe(1);
    expect(value("SELECT 'Quire' REGEXP '^quire$'")).toBe(0);
    expect(value("SELECT ? REGEXP ?", "naïve café", "\\p{L}+ caf\\u00e9")).toBe(1);
    expect(value("SELECT regexp('b+', 'abbbc')")).toBe(1);
  });

  test("NULL on either side gives NULL", () => {
    expect(value("SELECT NULL REGEXP 'a'")).toBeNull();
    expect(value("SELECT 'a' REGEXP NULL")).toBeNull();
  });

  test("works in WHERE over a table", () => {
    const db = new Database(":memory:");
    createExtensionRegistry(builtinExtensions).install(db);
    db.exec("CREATE TABLE slugs (s TEXT); INSERT INTO slugs VALUES ('hello-world'), ('Bad Slug'), ('ok-2')");
    expect(db.prepare("SELECT s FROM slugs WHERE s REGEXP '^[a-z0-9-]+$' ORDER BY s").pluck().all()).toEqual([
      "hello-world",
      "ok-2",
    ]);
    db.close();
  });

  test("an invalid pattern is an error naming the pattern", () => {
    expect(() => value("SELECT 'x' REGEXP '(unclosed'")).toThrow(/invalid regular expression \/\(unclosed\//);
  });
});

describe("median", () => {
  beforeAll(() => {
    t.sqlite.exec(`CREATE TABLE samples (grp TEXT, t INTEGER, v REAL);
      INSERT INTO samples VALUES
        ('odd', 1, 5), ('odd', 2, 1), ('odd', 3, 3),
        ('even', 1, 4), ('even', 2, 1), ('even', 3, 10), ('even', 4, 2),
        ('nulls', 1, NULL), ('nulls', 2, 7), ('nulls', 3, NULL), ('nulls', 4, 9),
        ('empty', 1, NULL)`);
  });

  test("odd count: the middle value; even count: the mean of the two middle values", () => {
    expect(value("SELECT median(v) FROM samples WHERE grp = 'odd'")).toBe(3);
    expect(value("SELECT median(v) FROM samples WHERE grp = 'even'")).toBe(3);
  });

  test("NULLs are skipped; no values gives NULL", () => {
    expect(value("SELECT median(v) FROM samples WHERE grp = 'nulls'")).toBe(8);
    expect(value("SELECT median(v) FROM samples WHERE grp = 'empty'")).toBeNull();
    expect(value("SELECT median(v) FROM samples WHERE 0")).toBeNull();
  });

  test("non-numeric text is skipped, including the empty string", () => {
    expect(value("SELECT median(x) FROM (SELECT 'abc' AS x UNION ALL SELECT '' UNION ALL SELECT 4 UNION ALL SELECT '6')")).toBe(5);
  });

  test("GROUP BY", () => {
    const rows = t.sqlite.prepare("SELECT grp, median(v) AS m FROM samples GROUP BY grp ORDER BY grp").all();
    expect(rows).toEqual([
      { grp: "empty", m: null },
      { grp: "even", m: 3 },
      { grp: "nulls", m: 8 },
      { grp: "odd", m: 3 },
    ]);
  });

  test("as a window function over a sliding frame", () => {
    const rows = column(`SELECT median(v) OVER (ORDER BY t ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
      FROM samples WHERE grp = 'even' ORDER BY t`);
    // frames: [4] [4,1] [4,1,10] [1,10,2]
    expect(rows).toEqual([4, 2.5, 4, 2]);
    const partitioned = column(`SELECT median(v) OVER (PARTITION BY grp ORDER BY t ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
      FROM samples WHERE grp IN ('odd', 'nulls') ORDER BY grp, t`);
    expect(partitioned).toEqual([null, 7, 7, 8, 5, 3, 3]);
  });
});

describe("percentile", () => {
  beforeAll(() => {
    t.sqlite.exec(`CREATE TABLE durations (ms INTEGER);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
      INSERT INTO durations SELECT i * 10 FROM n`);
  });

  test("p = 0, 50, 90, 100 with linear interpolation", () => {
    // values 10..100 step 10
    const at = (p: number) => value("SELECT percentile(ms, ?) FROM durations", p);
    expect(at(0)).toBe(10);
    expect(at(50)).toBe(55);
    expect(at(90)).toBeCloseTo(91, 10);
    expect(at(100)).toBe(100);
    expect(value("SELECT percentile(ms, 50) = median(ms) FROM durations")).toBe(1);
  });

  test("agrees with percentileOf", () => {
    expect(percentileOf([3, 1, 2], 50)).toBe(2);
    expect(percentileOf([1, 2, 3, 4], 25)).toBe(1.75);
    expect(percentileOf([], 50)).toBeNull();
    expect(percentileOf([7], 99)).toBe(7);
  });

  test("a window over a sliding frame", () => {
    const rows = column(`SELECT percentile(ms, 100) OVER (ORDER BY ms ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
      FROM durations ORDER BY ms LIMIT 3`);
    expect(rows).toEqual([10, 20, 30]);
  });

  test("p out of range, or not a number, is an error", () => {
    expect(() => value("SELECT percentile(ms, 101) FROM durations")).toThrow(/p must be a number from 0 to 100/);
    expect(() => value("SELECT percentile(ms, -1) FROM durations")).toThrow(/from 0 to 100/);
    expect(() => value("SELECT percentile(ms, 'high') FROM durations")).toThrow(/from 0 to 100/);
  });

  test("p must not change between rows", () => {
    expect(() => value("SELECT percentile(ms, ms) FROM durations")).toThrow(/same for every row/);
  });
});

describe("date_series", () => {
  const series = (start: string, stop: string, step?: string) =>
    step === undefined
      ? column("SELECT value FROM date_series(?, ?)", start, stop)
      : column("SELECT value FROM date_series(?, ?, ?)", start, stop, step);

  test("days, inclusive of both ends, in the shape of start", () => {
    expect(series("2024-02-27", "2024-03-02", "1 day")).toEqual([
      "2024-02-27",
      "2024-02-28",
      "2024-02-29",
      "2024-03-01",
      "2024-03-02",
    ]);
    expect(series("2024-01-01", "2024-01-03")).toEqual(["2024-01-01", "2024-01-02", "2024-01-03"]);
    expect(series("2024-01-01", "2024-01-29", "2 weeks")).toEqual(["2024-01-01", "2024-01-15", "2024-01-29"]);
  });

  test("hours come out as 'YYYY-MM-DD HH:MM:SS'", () => {
    expect(series("2024-03-10 22:00:00", "2024-03-11 01:30:00", "1 hour")).toEqual([
      "2024-03-10 22:00:00",
      "2024-03-10 23:00:00",
      "2024-03-11 00:00:00",
      "2024-03-11 01:00:00",
    ]);
    // A date-only start with a sub-day step switches to the date-time form.
    expect(series("2024-01-01", "2024-01-01 12:00", "6 hours")).toEqual([
      "2024-01-01 00:00:00",
      "2024-01-01 06:00:00",
      "2024-01-01 12:00:00",
    ]);
    expect(series("2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z", "30 seconds")).toHaveLength(3);
  });

  test("months clamp to the end of the month without drifting", () => {
    expect(series("2024-01-31", "2024-05-31", "1 month")).toEqual([
      "2024-01-31",
      "2024-02-29",
      "2024-03-31",
      "2024-04-30",
      "2024-05-31",
    ]);
    expect(series("2024-02-29", "2027-03-01", "1 year")).toEqual([
      "2024-02-29",
      "2025-02-28",
      "2026-02-28",
      "2027-02-28",
    ]);
  });

  test("a bad step or date is an error", () => {
    expect(() => series("2024-01-01", "2024-01-02", "1 fortnight")).toThrow(/step must look like/);
    expect(() => series("2024-01-01", "2024-01-02", "0 days")).toThrow(/step must look like/);
    expect(() => series("2024-01-01", "2024-01-02", "-1 day")).toThrow(/step must look like/);
    expect(() => series("01/02/2024", "2024-01-02")).toThrow(/start must be 'YYYY-MM-DD'/);
    expect(() => series("2024-01-01", "2024-13-45")).toThrow(/not a valid date/);
  });

  test("stop before start gives zero rows", () => {
    expect(series("2024-01-10", "2024-01-01", "1 day")).toEqual([]);
  });

  test("a LEFT JOIN fills the empty days of a chart", () => {
    t.sqlite.exec(`CREATE TABLE visits (ts TEXT);
      INSERT INTO visits VALUES ('2024-05-01 09:00:00'), ('2024-05-01 17:30:00'), ('2024-05-03 12:00:00')`);
    const rows = t.sqlite
      .prepare(
        `SELECT d.value AS day, count(v.ts) AS visits
         FROM date_series(?, ?, '1 day') AS d
         LEFT JOIN visits AS v ON date(v.ts) = d.value
         GROUP BY d.value ORDER BY d.value`,
      )
      .all("2024-04-30", "2024-05-04");
    expect(rows).toEqual([
      { day: "2024-04-30", visits: 0 },
      { day: "2024-05-01", visits: 2 },
      { day: "2024-05-02", visits: 0 },
      { day: "2024-05-03", visits: 1 },
      { day: "2024-05-04", visits: 0 },
    ]);
  });

  test("a runaway series is refused rather than hanging", () => {
    expect(() => value("SELECT count(*) FROM date_series('1970-01-01', '2100-01-01', '1 second')")).toThrow(
      /more than 1000000 rows/,
    );
  });
});

describe("custom extensions", () => {
  const slugify: Extension = {
    kind: "function",
    name: "slugify",
    deterministic: true,
    fn: (text) => (typeof text === "string" ? text.toLowerCase().trim().replace(/[^a-z0-9]+/g, "-") : null),
  };
  const concatAll: Extension = {
    kind: "aggregate",
    name: "concat_all",
    options: {
      start: () => [] as string[],
      step: (acc: string[], v: unknown) => {
        if (typeof v === "string") acc.push(v);
        return acc;
      },
      result: (acc: string[]) => acc.join("|"),
    },
  };
  const letters: Extension = {
    kind: "table",
    name: "letters",
    columns: ["letter", "pos"],
    parameters: ["word"],
    *rows(word) {
      let i = 0;
      for (const letter of typeof word === "string" ? word : "") yield [letter, i++];
    },
  };

  test("are installed by openDatabase({ extensions }) alongside the builtins", async () => {
    const c = createTestDatabase({ extensions: [slugify, concatAll, letters] });
    try {
      expect(c.sqlite.prepare("SELECT slugify(' Hello, World! ')").pluck().get()).toBe("hello-world-");
      expect(c.sqlite.prepare("SELECT concat_all(letter) FROM letters('abc')").pluck().get()).toBe("a|b|c");
      expect(c.sqlite.prepare("SELECT pos FROM letters('xyz') WHERE letter = 'z'").pluck().get()).toBe(2);
      // Builtins are still there, and custom functions work through the sql runner.
      expect(await c.sql.get("SELECT median(pos) AS m, 'a-b' REGEXP '-' AS r FROM letters('abcd')")).toEqual({ m: 1.5, r: 1 });
    } finally {
      await c.cleanup();
    }
  });

  test("the registry lists extensions by name; a later one replaces an earlier one", () => {
    const registry = createExtensionRegistry(builtinExtensions);
    expect(registry.list().map((e) => e.name)).toEqual(["regexp", "median", "percentile", "date_series"]);
    const strictRegexp: Extension = { kind: "function", name: "REGEXP", fn: (_pattern, _text) => 0 };
    registry.register(strictRegexp);
    expect(registry.list()).toHaveLength(4);
    const db = new Database(":memory:");
    registry.install(db);
    expect(db.prepare("SELECT 'a' REGEXP 'a'").pluck().get()).toBe(0);
    db.close();
  });
});
