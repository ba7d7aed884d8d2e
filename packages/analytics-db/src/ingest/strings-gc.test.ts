import { afterEach, beforeEach, expect, test } from "vitest";

import { VISIT_DIMS } from "../dims";
import { schema } from "../index";
import { createTestAnalyticsDatabase } from "../testing";
import { collectStrings, recordHits } from "./index";
import type { Hit } from "./index";

let t: ReturnType<typeof createTestAnalyticsDatabase>;
let a: number;
let b: number;
const T0 = Date.UTC(2025, 2, 10, 9, 0, 0);

beforeEach(async () => {
  t = createTestAnalyticsDatabase();
  const site = (domain: string) => t.writer.run((db) => db.insert(schema.sites).values({ domain, name: domain }).returning().get().id);
  a = await site("a.example");
  b = await site("b.example");
  await recordHits(t, [
    hit(a, 1, "/a1", "Firefox"),
    hit(a, 1, "/shared", "Firefox"),
    { ...hit(a, 2, "/a1", "Firefox"), kind: "event", name: "Signup", props: { plan: "pro" } },
    hit(b, 3, "/b-only", "OnlyB"),
    hit(b, 3, "/shared", "OnlyB"),
    { ...hit(b, 3, "/b-only", "OnlyB"), kind: "event", name: "B event", props: { bkey: "bvalue" } },
  ]);
});

afterEach(async () => {
  await t.cleanup();
});

function hit(siteId: number, visitor: number, path: string, browser: string, ts = T0): Hit {
  return { siteId, timezone: "UTC", ts, visitor, kind: "pageview", path, visit: { browser, source: "Google" } };
}

const has = (value: string) => t.sqlite.prepare("SELECT count(*) FROM strings WHERE value = ?").pluck().get(value) === 1;

/** Ids referenced anywhere that are not in `strings`: must always be none. */
function dangling(): number[] {
  const refs = [
    "SELECT name AS id FROM events UNION SELECT path FROM events",
    ...["exit_page", ...VISIT_DIMS.map(([, c]) => c)].map((c) => `SELECT ${c} FROM visits`),
    "SELECT value FROM rollup_daily WHERE dim <> 0",
    "SELECT name FROM rollup_props UNION SELECT key FROM rollup_props UNION SELECT value FROM rollup_props",
  ].join(" UNION ");
  return t.sqlite.prepare(`SELECT id FROM (${refs}) WHERE id <> 0 AND id NOT IN (SELECT id FROM strings)`).pluck().all() as number[];
}

async function forgetSite(siteId: number) {
  await t.writer.run(() => {
    for (const table of ["events", "visits", "rollup_daily", "rollup_hourly", "rollup_props"]) t.sqlite.prepare(`DELETE FROM ${table} WHERE site_id = ?`).run(siteId);
  });
}

test("after a site's data is gone, the strings only it used are deleted; shared ones stay", async () => {
  expect(await collectStrings(t)).toBe(0);
  await forgetSite(b);
  const deleted = await collectStrings(t);
  expect(deleted).toBe(5); // /b-only, OnlyB, "B event", bkey, bvalue
  for (const gone of ["/b-only", "OnlyB", "B event", "bkey", "bvalue"]) expect(has(gone)).toBe(false);
  for (const kept of ["/a1", "/shared", "Firefox", "Google", "Signup", "plan", "pro"]) expect(has(kept)).toBe(true);
  expect(dangling()).toEqual([]);

  // Ingestion goes on: a deleted value comes back under a new id, nothing dangles.
  await recordHits(t, [hit(a, 9, "/b-only", "OnlyB", T0 + 60_000)]);
  expect(has("/b-only") && has("OnlyB")).toBe(true);
  expect(dangling()).toEqual([]);
});

test("raw events deleted by retention: values the rollups still show are kept", async () => {
  await t.writer.run(() => {
    t.sqlite.prepare("DELETE FROM events WHERE site_id = ?").run(a);
    t.sqlite.prepare("DELETE FROM visits WHERE site_id = ?").run(a);
  });
  expect(await collectStrings(t)).toBe(0);
  for (const kept of ["/a1", "/shared", "Firefox", "Signup", "plan", "pro"]) expect(has(kept)).toBe(true);
});

test("a value put back to use while the collector scans is not deleted", async () => {
  await forgetSite(b);
  let once = false;
  const deleted = await collectStrings(t, {
    sliceRows: 1,
    onSlice: async (table) => {
      if (once || table !== "rollup_props") return;
      once = true;
      // Site A starts using "/b-only" (still in `strings`, unreferenced) when events, visits and
      // rollup_daily have been read: only the recorder's tracking can save it now.
      await recordHits(t, [hit(a, 7, "/b-only", "Firefox", T0 + 120_000)]);
    },
  });
  expect(once).toBe(true);
  expect(deleted).toBe(4);
  expect(has("/b-only")).toBe(true);
  expect(dangling()).toEqual([]);
});
