import { DAY, generateHits, recordHits } from "@quire/analytics-db";
import type { Hit } from "@quire/analytics-db";
import { createTestAnalyticsDatabase } from "@quire/analytics-db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createSite } from "../sites/sites";
import {
  aggregate,
  breakdown,
  createFunnel,
  createGoal,
  dayRange,
  durationStats,
  funnelReport,
  goalConversions,
  realtime,
  resolveRange,
  runQuery,
  timeseries,
  topPages,
  topPagesPerSource,
  viewsPerPath,
} from "./index";
import type { Dimension, Metric } from "./index";

let t: ReturnType<typeof createTestAnalyticsDatabase>;
let siteId: number;
const FROM = Date.UTC(2025, 0, 1);
const fromDay = FROM / DAY;
const range = dayRange(fromDay, fromDay + 13, "UTC");

beforeAll(async () => {
  t = createTestAnalyticsDatabase();
  siteId = (await createSite(t, { domain: "example.com" })).id;
  // Two weeks of generated traffic, days kept clear of midnight so visits do not span two days.
  for (const batch of generateHits({ siteId, from: FROM, to: FROM + 14 * DAY - 1, events: 15_000, seed: 3 })) {
    await recordHits(t, batch.filter((h) => h.ts % DAY < DAY - 3 * 3_600_000));
  }
}, 60_000);

afterAll(async () => {
  await t.cleanup();
});

const ALL: Metric[] = ["visitors", "visits", "pageviews", "events", "bounce_rate", "visit_duration", "views_per_visit"];

describe("rollups and raw events agree", () => {
  test("totals", async () => {
    const fast = await runQuery(t, siteId, { range, metrics: ALL });
    const raw = await runQuery(t, siteId, { range, metrics: ALL, forceRaw: true });
    expect(fast.source).toBe("rollups");
    expect(raw.source).toBe("raw");
    expect(fast.rows).toEqual(raw.rows);
    expect(fast.rows[0]!.metrics[0]).toBeGreaterThan(1000);
  });

  test.each<[Dimension, Metric[]]>([
    ["time:day", ALL],
    ["time:month", ["visitors", "visits", "pageviews", "bounce_rate"]],
    ["event:page", ["visitors", "pageviews"]],
    ["event:name", ["visitors", "events"]],
    ["visit:entry_page", ALL],
    ["visit:exit_page", ["visits"]],
    ["visit:source", ALL],
    ["visit:referrer", ALL],
    ["visit:channel", ALL],
    ["visit:utm_campaign", ALL],
    ["visit:utm_medium", ALL],
    ["visit:browser", ALL],
    ["visit:browser_version", ["visitors", "visits"]],
    ["visit:os", ALL],
    ["visit:device", ALL],
    ["visit:screen", ALL],
    ["visit:language", ALL],
    ["visit:country", ALL],
  ])("by %s", async (dimension, metrics) => {
    const fast = await runQuery(t, siteId, { range, metrics, dimensions: [dimension], orderBy: [[dimension, "asc"]] });
    const raw = await runQuery(t, siteId, { range, metrics, dimensions: [dimension], orderBy: [[dimension, "asc"]], forceRaw: true });
    expect(fast.rows.length).toBeGreaterThan(dimension === "time:month" ? 0 : 1);
    expect(fast.rows).toEqual(raw.rows);
  });

  test("by hour for one day", async () => {
    const day = dayRange(fromDay + 3, fromDay + 3, "UTC");
    const metrics: Metric[] = ["visitors", "pageviews", "visits"];
    const fast = await runQuery(t, siteId, { range: day, metrics, dimensions: ["time:hour"] });
    const raw = await runQuery(t, siteId, { range: day, metrics, dimensions: ["time:hour"], forceRaw: true });
    expect(fast.rows).toHaveLength(24);
    expect(fast.rows[0]!.dimensions[0]).toBe("2025-01-04 00:00:00");
    expect(fast.rows).toEqual(raw.rows);
  });

  test("event properties of one event", async () => {
    const q = { range, metrics: ["visitors", "events"] as Metric[], dimensions: ["event:props:plan" as Dimension], filters: [{ op: "is" as const, dimension: "event:name", values: ["Signup"] }] };
    const fast = await runQuery(t, siteId, q);
    const raw = await runQuery(t, siteId, { ...q, forceRaw: true });
    expect(fast.source).toBe("rollups");
    expect(fast.rows.map((r) => r.dimensions[0]).sort()).toEqual(["free", "pro"]);
    expect(fast.rows).toEqual(raw.rows);
  });
});

describe("filters", () => {
  test("a filter narrows every metric consistently", async () => {
    const all = (await runQuery(t, siteId, { range, metrics: ["visitors", "visits", "pageviews"] })).rows[0]!.metrics;
    const chrome = await runQuery(t, siteId, { range, metrics: ["visitors", "visits", "pageviews"], filters: [{ op: "is", dimension: "visit:browser", values: ["Chrome"] }] });
    const notChrome = await runQuery(t, siteId, { range, metrics: ["visitors", "visits", "pageviews"], filters: [{ op: "is_not", dimension: "visit:browser", values: ["Chrome"] }] });
    // One value of one visit dimension: from the rollups, the same numbers as the raw events.
    expect(chrome.source).toBe("rollups");
    expect(notChrome.source).toBe("raw");
    expect(chrome.rows).toEqual((await runQuery(t, siteId, { range, metrics: ["visitors", "visits", "pageviews"], filters: [{ op: "is", dimension: "visit:browser", values: ["Chrome"] }], forceRaw: true })).rows);
    const a = chrome.rows[0]!.metrics as number[];
    const b = notChrome.rows[0]!.metrics as number[];
    // Visits and pageviews split exactly; visitors too (the browser is part of the visitor hash).
    expect([a[0]! + b[0]!, a[1]! + b[1]!, a[2]! + b[2]!]).toEqual(all);
    const byBrowser = await breakdown(t, siteId, { range, dimension: "visit:browser" });
    expect(byBrowser.rows.find((r) => r.value === "Chrome")!.metrics.visits).toBe(a[1]);
  });

  test.each<[Dimension, Dimension[]]>([
    ["visit:country", []],
    ["visit:source", []],
    ["visit:device", ["time:day"]],
    ["visit:utm_campaign", ["time:month"]],
    ["visit:entry_page", []],
  ])("one value of %s (dimensions %j): rollups and raw events agree, unknown values are zeros", async (dimension, dimensions) => {
    const top = (await breakdown(t, siteId, { range, dimension, limit: 2 })).rows;
    for (const value of [...top.map((r) => r.value || "(none)"), "no such value"]) {
      const q = { range, metrics: ALL, dimensions, filters: [{ op: "is" as const, dimension, values: [value] }] };
      const fast = await runQuery(t, siteId, q);
      expect(fast.source).toBe("rollups");
      expect(fast.rows).toEqual((await runQuery(t, siteId, { ...q, forceRaw: true })).rows);
    }
  });

  test("filter by page: pageviews of that page, visits that saw it", async () => {
    const page = (await breakdown(t, siteId, { range, dimension: "event:page", limit: 1 })).rows[0]!;
    const r = await runQuery(t, siteId, { range, metrics: ["visitors", "pageviews", "visits"], filters: [{ op: "is", dimension: "event:page", values: [page.value] }] });
    expect(r.rows[0]!.metrics[0]).toBe(page.metrics.visitors);
    expect(r.rows[0]!.metrics[1]).toBe(page.metrics.pageviews);
    const contains = await runQuery(t, siteId, { range, metrics: ["pageviews"], filters: [{ op: "contains", dimension: "event:page", values: ["BLOG/"] }] });
    const blog = (await breakdown(t, siteId, { range, dimension: "event:page" })).rows.filter((x) => x.value.includes("blog/"));
    expect(contains.rows[0]!.metrics[0]).toBe(blog.reduce((s, x) => s + (x.metrics.pageviews ?? 0), 0));
  });

  test("two dimensions: top pages per source", async () => {
    const r = await runQuery(t, siteId, { range, metrics: ["pageviews"], dimensions: ["visit:source", "event:page"], limit: 5 });
    expect(r.source).toBe("raw");
    expect(r.rows).toHaveLength(5);
    const groups = await topPagesPerSource(t, siteId, range, { sources: 3, pages: 2 });
    expect(groups).toHaveLength(3);
    for (const g of groups) {
      expect(g.pages.length).toBeLessThanOrEqual(2);
      expect(g.pages[0]!.pageviews).toBeGreaterThanOrEqual(g.pages[1]?.pageviews ?? 0);
    }
  });
});

describe("dashboard queries", () => {
  test("aggregate compares with the previous period", async () => {
    const second = dayRange(fromDay + 7, fromDay + 13, "UTC");
    const first = dayRange(fromDay, fromDay + 6, "UTC");
    const r = await aggregate(t, siteId, { range: second, previous: first });
    expect(r.current.visitors).toBeGreaterThan(0);
    expect(r.previous.visitors).toBeGreaterThan(0);
    expect(r.change.visitors).toBe(Math.round(((r.current.visitors - r.previous.visitors) / r.previous.visitors) * 100));
  });

  test("timeseries fills empty days with zeros", async () => {
    const wide = dayRange(fromDay - 3, fromDay + 1, "UTC");
    const points = await timeseries(t, siteId, { range: wide });
    expect(points.map((p) => p.label)).toEqual(["2024-12-29", "2024-12-30", "2024-12-31", "2025-01-01", "2025-01-02"]);
    expect(points.slice(0, 3).every((p) => p.pageviews === 0)).toBe(true);
    expect(points[3]!.pageviews).toBeGreaterThan(0);
  });

  test("duration percentiles with median/percentile", async () => {
    const d = await durationStats(t, siteId, range);
    expect(d.visits).toBeGreaterThan(0);
    expect(d.p75).toBeGreaterThanOrEqual(d.median!);
    expect(d.p95).toBeGreaterThan(d.p75!);
  });

  test("goals: pages, patterns and events", async () => {
    await createGoal(t, siteId, { kind: "event", value: "Signup" });
    await createGoal(t, siteId, { kind: "page", value: "/pricing" });
    await createGoal(t, siteId, { kind: "page", value: "/blog/**" });
    await expect(createGoal(t, siteId, { kind: "page", value: "/pricing" })).rejects.toThrow(/exists/);
    const conv = await goalConversions(t, siteId, { range });
    const signup = conv.find((g) => g.value === "Signup")!;
    const events = (await breakdown(t, siteId, { range, dimension: "event:name" })).rows.find((r) => r.value === "Signup")!;
    expect(signup.visitors).toBe(events.metrics.visitors);
    expect(signup.conversionRate).toBeGreaterThan(0);
    const pricing = conv.find((g) => g.value === "/pricing")!;
    expect(pricing.visitors).toBeGreaterThan(0);
    const filtered = await goalConversions(t, siteId, { range, filters: [{ op: "is_not", dimension: "visit:country", values: ["(none)"] }] });
    expect(filtered.find((g) => g.value === "Signup")!.visitors).toBe(signup.visitors);
    expect(filtered.find((g) => g.value === "/pricing")!.visitors).toBe(pricing.visitors);
    // A pattern goal with filters counts unique visitors: at most the rollup's sum over pages.
    expect(filtered.find((g) => g.value === "/blog/**")!.visitors).toBeLessThanOrEqual(conv.find((g) => g.value === "/blog/**")!.visitors);
  });

  test("realtime counts the visitors of the last five minutes", async () => {
    const site = await createSite(t, { domain: "live.example" });
    const now = Date.now();
    const hit = (visitor: number, ago: number, path = "/"): Hit => ({ siteId: site.id, timezone: "UTC", ts: now - ago, visitor, kind: "pageview", path, visit: {} });
    await recordHits(t, [hit(1, 10 * 60_000), hit(2, 4 * 60_000, "/a"), hit(3, 60_000, "/a"), hit(3, 30_000, "/b")]);
    const r = await realtime(t, site.id, now);
    expect(r.visitors).toBe(2);
    expect(r.pages[0]).toEqual({ value: "/a", visitors: 2 });
    expect(r.pageviewsPerMinute.reduce((a, b) => a + b, 0)).toBe(4);
  });
});

test("funnels count visitors completing steps in order within a visit", async () => {
  const site = await createSite(t, { domain: "funnel.example" });
  const T = Date.UTC(2025, 1, 1, 12);
  const h = (visitor: number, min: number, path: string, name?: string): Hit => ({
    siteId: site.id,
    timezone: "UTC",
    ts: T + min * 60_000,
    visitor,
    kind: name ? "event" : "pageview",
    name,
    path,
    visit: {},
  });
  await recordHits(t, [
    h(1, 0, "/"),
    h(1, 1, "/pricing"),
    h(1, 2, "/signup", "Signup"),
    h(2, 0, "/pricing"), // skipped step 1
    h(2, 1, "/"),
    h(3, 0, "/"),
    h(3, 1, "/pricing"),
    h(4, 0, "/"),
    h(4, 50, "/pricing"), // a new visit: does not continue the funnel
  ]);
  const funnel = await createFunnel(t, site.id, {
    name: "Signup",
    steps: [
      { kind: "page", value: "/" },
      { kind: "page", value: "/pric*" },
      { kind: "event", value: "Signup" },
    ],
  });
  const r = await funnelReport(t, site.id, funnel.id, dayRange(T / DAY - 0.5 | 0, (T / DAY) | 0, "UTC"));
  expect(r.steps.map((s) => s.visitors)).toEqual([4, 2, 1]);
  expect(r.steps.map((s) => s.conversionRate)).toEqual([100, 50, 25]);
  expect(r.steps[2]!.stepRate).toBe(50);
});

test("service queries: views per path and top pages", async () => {
  const top = await topPages(t, siteId, range, 3);
  expect(top).toHaveLength(3);
  expect(top[0]!.path).toBe("/");
  const views = await viewsPerPath(t, siteId, range, ["/", "/never-seen"]);
  expect(views[0]).toEqual(top[0]);
  expect(views[1]).toEqual({ path: "/never-seen", pageviews: 0, visitors: 0 });
});

test("resolveRange: periods in the site's time zone", () => {
  const now = Date.UTC(2025, 2, 10, 23, 30); // already March 11 in Berlin
  const day = (label: string) => Date.parse(`${label}T00:00:00Z`) / DAY;
  expect(resolveRange({ period: "day" }, "Europe/Berlin", now).range.fromDay).toBe(day("2025-03-11"));
  const week = resolveRange({ period: "7d" }, "UTC", now);
  expect([week.range.fromDay, week.range.toDay]).toEqual([day("2025-03-04"), day("2025-03-10")]);
  expect([week.previous.fromDay, week.previous.toDay]).toEqual([day("2025-02-25"), day("2025-03-03")]);
  const month = resolveRange({ period: "month", date: "2024-02-10" }, "UTC", now).range;
  expect([month.fromDay, month.toDay]).toEqual([day("2024-02-01"), day("2024-02-29")]);
  expect(resolveRange({ period: "day" }, "Europe/Berlin", now).range.from).toBe(Date.UTC(2025, 2, 10, 23));
  expect(() => resolveRange({ period: "custom", from: "2025-02-01", to: "2025-01-01" }, "UTC")).toThrow(/ends before/);
  expect(() => resolveRange({ period: "custom", from: "2025-02-30", to: "2025-03-01" }, "UTC")).toThrow(/Not a date/);
});
