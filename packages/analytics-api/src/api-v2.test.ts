import { DAY, generateHits, recordHits } from "@quire/analytics-db";
import { createTestAnalyticsDatabase } from "@quire/analytics-db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";

import { createApiKey, deleteApiKey } from "./api-keys";
import { handleStatsApi } from "./api-v2";
import { createSite } from "./sites";

let t: ReturnType<typeof createTestAnalyticsDatabase>;
const KEY = "k".repeat(32);
const now = Date.now();

beforeAll(async () => {
  t = createTestAnalyticsDatabase();
  const site = await createSite(t, { domain: "example.com" });
  const today = Math.floor(now / DAY) * DAY;
  for (const batch of generateHits({ siteId: site.id, from: today - 6 * DAY, to: today + DAY - 1, events: 3000 })) {
    await recordHits(t, batch.filter((h) => h.ts <= now));
  }
});

afterAll(async () => {
  await t.cleanup();
});

async function query(body: unknown, key: string | null = KEY, envKey: string | null = KEY) {
  const res = await handleStatsApi(
    t,
    new Request("http://analytics.test/api/v2/query", {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    envKey ?? undefined,
  );
  return { status: res.status, body: (await res.json()) as { results: { metrics: number[]; dimensions: string[] }[]; meta: { total_rows?: number }; error?: string } };
}

test("aggregate metrics over a date range", async () => {
  const { status, body } = await query({
    site_id: "example.com",
    metrics: ["visitors", "visits", "pageviews", "bounce_rate", "visit_duration", "events"],
    date_range: "7d",
  });
  expect(status).toBe(200);
  expect(body.results).toHaveLength(1);
  const [visitors, visits, pageviews, bounce] = body.results[0]!.metrics;
  expect(visitors).toBeGreaterThan(0);
  expect(visits).toBeGreaterThanOrEqual(visitors!);
  expect(pageviews).toBeGreaterThan(visits!);
  expect(bounce).toBeGreaterThan(0);
  expect(bounce).toBeLessThan(100);
});

test("dimensions, filters, order and pagination", async () => {
  const bySource = await query({ site_id: "example.com", metrics: ["visitors"], date_range: "7d", dimensions: ["visit:source"], include: { total_rows: true } });
  expect(bySource.body.results.length).toBeGreaterThan(3);
  expect(bySource.body.meta.total_rows).toBe(bySource.body.results.length);
  const sorted = bySource.body.results.map((r) => r.metrics[0]!);
  expect([...sorted].sort((a, b) => b - a)).toEqual(sorted);

  const days = await query({ site_id: "example.com", metrics: ["pageviews"], date_range: "7d", dimensions: ["time:day"] });
  expect(days.body.results).toHaveLength(7);
  expect(days.body.results[0]!.dimensions[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  const de = await query({ site_id: "example.com", metrics: ["visitors"], date_range: "7d", filters: [["is", "visit:country", ["DE"]]] });
  const countries = await query({ site_id: "example.com", metrics: ["visitors"], date_range: "7d", dimensions: ["visit:country"] });
  expect(de.body.results[0]!.metrics[0]).toBe(countries.body.results.find((r) => r.dimensions[0] === "DE")!.metrics[0]);

  const blog = await query({
    site_id: "example.com",
    metrics: ["pageviews"],
    date_range: "7d",
    dimensions: ["event:page"],
    filters: [["contains", "event:page", ["/blog"]]],
    order_by: [["pageviews", "asc"]],
    pagination: { limit: 3, offset: 1 },
  });
  expect(blog.body.results).toHaveLength(3);
  expect(blog.body.results.every((r) => r.dimensions[0]!.includes("/blog"))).toBe(true);
  expect(blog.body.results[0]!.metrics[0]).toBeLessThanOrEqual(blog.body.results[2]!.metrics[0]!);

  const range = await query({ site_id: "example.com", metrics: ["pageviews"], date_range: ["2000-01-01", "2000-01-31"] });
  expect(range.body.results[0]!.metrics[0]).toBe(0);
  expect((await query({ site_id: "example.com", metrics: ["events"], date_range: "all", dimensions: ["event:name"] })).status).toBe(200);
  expect((await query({ site_id: "example.com", metrics: ["visitors"], date_range: "day", dimensions: ["time:hour"] })).body.results).toHaveLength(24);
});

test("bad keys are 401, bad queries 400, unknown sites 404", async () => {
  expect((await query({ site_id: "example.com", metrics: ["visitors"], date_range: "7d" }, null)).status).toBe(401);
  expect((await query({ site_id: "example.com", metrics: ["visitors"], date_range: "7d" }, "wrong")).status).toBe(401);
  for (const body of [
    "{",
    {},
    { site_id: "example.com", metrics: ["nope"], date_range: "7d" },
    { site_id: "example.com", metrics: ["visitors"], date_range: "forever" },
    { site_id: "example.com", metrics: ["visitors"], date_range: "7d", dimensions: ["visit:nope"] },
    { site_id: "example.com", metrics: ["visitors"], date_range: "7d", filters: [["matches", "event:page", ["x"]]] },
    { site_id: "example.com", metrics: ["visitors"], date_range: "7d", filters: [["is", "time:day", ["x"]]] },
    { site_id: "example.com", metrics: ["visitors"], date_range: "7d", order_by: [["pageviews", "desc"]] },
    { site_id: "example.com", metrics: ["visitors"], date_range: ["2025-02-01", "2025-01-01"] },
  ]) {
    const r = await query(body);
    expect(r.status, JSON.stringify(body)).toBe(400);
    expect(r.body.error).toBeTruthy();
  }
  expect((await query({ site_id: "nope.example", metrics: ["visitors"], date_range: "7d" })).status).toBe(404);
});

test("keys made in the dashboard work beside ANALYTICS_API_KEY, record their last use, and stop at revocation", async () => {
  const q = { site_id: "example.com", metrics: ["pageviews"], date_range: "7d" };
  // Nothing configured: 401 saying how to turn the API on.
  const off = await query(q, "qa_anything", null);
  expect(off.status).toBe(401);
  expect(off.body.error).toContain("create an API key");

  const made = await createApiKey(t, { name: "script" });
  expect((await query(q, made.key, null)).status).toBe(200);
  expect((await query(q, made.key, KEY)).status).toBe(200);
  expect((await query(q, KEY, KEY)).status).toBe(200); // the env key keeps working
  const used = t.sqlite.prepare("SELECT last_used_at FROM api_keys WHERE id = ?").pluck().get(made.id) as number | null;
  expect(used).toBeGreaterThan(Date.now() - 60_000);

  const almost = `${made.key.slice(0, -1)}${made.key.endsWith("A") ? "B" : "A"}`;
  const wrong = await query(q, almost, null);
  expect([wrong.status, wrong.body.error]).toEqual([401, "Invalid API key"]);
  expect((await query(q, made.prefix, null)).status).toBe(401);

  await deleteApiKey(t, made.id);
  expect((await query(q, made.key, null)).status).toBe(401);
  expect((await query(q, made.key, KEY)).status).toBe(401);
});
