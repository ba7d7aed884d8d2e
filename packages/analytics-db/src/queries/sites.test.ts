import { afterEach, beforeEach, expect, test } from "vitest";

import { countAnalyticsData, listSites, recordHits, schema, seedDemo } from "../index";
import type { Hit } from "../index";
import { createTestAnalyticsDatabase } from "../testing";

const DAY = 86_400_000;
/** 2025-03-10 15:00 UTC */
const now = Date.UTC(2025, 2, 10, 15, 0, 0);
const at = (day: string, time = "12:00:00") => Date.parse(`${day}T${time}Z`);

let t: ReturnType<typeof createTestAnalyticsDatabase>;

beforeEach(() => {
  t = createTestAnalyticsDatabase();
});

afterEach(async () => {
  await t.cleanup();
});

async function addSite(domain: string, timezone = "UTC") {
  return t.writer.run((db) => db.insert(schema.sites).values({ domain, name: domain, timezone }).returning().get());
}

let nextVisitor = 1;
const visitorIds = new Map<string, number>();
async function addEvents(
  site: { id: number; timezone: string },
  events: { ts: number; visitor: string; name?: string }[],
) {
  const hits: Hit[] = events.map((e) => {
    if (!visitorIds.has(e.visitor)) visitorIds.set(e.visitor, nextVisitor++);
    return {
      siteId: site.id,
      timezone: site.timezone,
      ts: e.ts,
      visitor: visitorIds.get(e.visitor)!,
      kind: e.name ? "event" : "pageview",
      name: e.name,
      path: "/",
      visit: {},
    };
  });
  const results = await recordHits(t, hits);
  expect(results.every((r) => r.ok)).toBe(true);
}

test("seedDemo creates one demo site with 14 days of traffic, once", async () => {
  expect(await seedDemo(t, { now })).toBe(true);
  const counts = await countAnalyticsData(t);
  expect(counts.sites).toBe(1);
  expect(counts.events).toBeGreaterThan(14 * 20);
  expect(counts.visits).toBeGreaterThan(14 * 10);
  expect(await seedDemo(t, { now })).toBe(false);
  expect(await countAnalyticsData(t)).toEqual(counts);

  const [site] = await listSites(t, { days: 14, now });
  expect(site!.domain).toBe("localhost");
  expect(site!.daily).toHaveLength(14);
  expect(site!.daily.every((d) => d.pageviews > 0)).toBe(true);
  expect(site!.pageviews).toBe(site!.daily.reduce((sum, d) => sum + d.pageviews, 0));
  expect(site!.visitors).toBeGreaterThan(0);
  expect(site!.visitors).toBeLessThanOrEqual(site!.pageviews);
});

test("the seed is deterministic: the same now gives the same demo", async () => {
  await seedDemo(t, { now, domain: "demo.example" });
  const other = createTestAnalyticsDatabase();
  try {
    await seedDemo(other, { now, domain: "demo.example" });
    expect(await listSites(other, { days: 14, now })).toEqual(await listSites(t, { days: 14, now }));
  } finally {
    await other.cleanup();
  }
});

test("seedDemo leaves a database with other sites alone", async () => {
  await addSite("mine.example");
  expect(await seedDemo(t, { now })).toBe(false);
  expect((await countAnalyticsData(t)).events).toBe(0);
});

test("listSites gives a daily series of exactly N days ending today, empty days as zero", async () => {
  const site = await addSite("a.example");
  await addEvents(site, [
    { ts: at("2025-03-04", "00:00:00"), visitor: "v1" }, // first day of a 7-day range, at midnight
    { ts: at("2025-03-04", "23:59:59"), visitor: "v1" },
    { ts: at("2025-03-07"), visitor: "v2" },
    { ts: at("2025-03-10", "14:59:59"), visitor: "v3" },
    { ts: at("2025-03-03", "23:59:59"), visitor: "old" }, // the day before the range
  ]);
  const [summary] = await listSites(t, { days: 7, now });
  expect(summary).toEqual({
    id: site.id,
    domain: "a.example",
    name: "a.example",
    pageviews: 4,
    visitors: 3,
    daily: [
      { day: "2025-03-04", pageviews: 2 },
      { day: "2025-03-05", pageviews: 0 },
      { day: "2025-03-06", pageviews: 0 },
      { day: "2025-03-07", pageviews: 1 },
      { day: "2025-03-08", pageviews: 0 },
      { day: "2025-03-09", pageviews: 0 },
      { day: "2025-03-10", pageviews: 1 },
    ],
  });
  const [oneDay] = await listSites(t, { days: 1, now });
  expect(oneDay!.daily).toEqual([{ day: "2025-03-10", pageviews: 1 }]);
  expect(oneDay!.pageviews).toBe(1);
  expect((await listSites(t, { days: 30, now }))[0]!.daily).toHaveLength(30);
});

test("days are the site's local days", async () => {
  const site = await addSite("tokyo.example", "Asia/Tokyo");
  // 2025-03-09 20:00 UTC is already 2025-03-10 05:00 in Tokyo.
  await addEvents(site, [{ ts: at("2025-03-09", "20:00:00"), visitor: "v1" }]);
  const [summary] = await listSites(t, { days: 2, now });
  expect(summary!.daily).toEqual([
    { day: "2025-03-10", pageviews: 1 },
    { day: "2025-03-11", pageviews: 0 },
  ]);
});

test("custom events are not page views", async () => {
  const site = await addSite("a.example");
  await addEvents(site, [
    { ts: at("2025-03-09"), visitor: "v1" },
    { ts: at("2025-03-09"), visitor: "v2", name: "signup" },
  ]);
  const [summary] = await listSites(t, { days: 7, now });
  expect(summary!.pageviews).toBe(1);
  expect(summary!.visitors).toBe(2);
  expect(summary!.daily.find((d) => d.day === "2025-03-09")!.pageviews).toBe(1);
});

test("totals cover the same days as the series (later events are not counted)", async () => {
  const site = await addSite("a.example");
  await addEvents(site, [
    { ts: at("2025-03-10"), visitor: "v1" },
    { ts: at("2025-03-11", "00:00:00"), visitor: "tomorrow" },
    { ts: now + 30 * DAY, visitor: "next-month" },
  ]);
  const [summary] = await listSites(t, { days: 7, now });
  expect(summary!.daily.reduce((sum, d) => sum + d.pageviews, 0)).toBe(1);
  expect(summary!.pageviews).toBe(1);
  expect(summary!.visitors).toBe(1);
});

test("every site is listed by domain, including sites without events, each with its own series", async () => {
  const b = await addSite("b.example");
  const a = await addSite("a.example");
  const quiet = await addSite("quiet.example");
  await addEvents(a, [{ ts: at("2025-03-10"), visitor: "x" }]);
  await addEvents(b, [
    { ts: at("2025-03-09"), visitor: "x2" },
    { ts: at("2025-03-09"), visitor: "y2" },
  ]);
  const list = await listSites(t, { days: 3, now });
  expect(list.map((s) => [s.domain, s.pageviews, s.visitors])).toEqual([
    ["a.example", 1, 1],
    ["b.example", 2, 2],
    ["quiet.example", 0, 0],
  ]);
  expect(list.find((s) => s.id === quiet.id)!.daily).toEqual([
    { day: "2025-03-08", pageviews: 0 },
    { day: "2025-03-09", pageviews: 0 },
    { day: "2025-03-10", pageviews: 0 },
  ]);
  expect(list.find((s) => s.id === b.id)!.daily.map((d) => d.pageviews)).toEqual([0, 2, 0]);
});

test("no sites, no rows", async () => {
  expect(await listSites(t, { days: 7, now })).toEqual([]);
  expect(await countAnalyticsData(t)).toEqual({ sites: 0, events: 0, visits: 0 });
});
