import { createTestAnalyticsDatabase } from "@quire/analytics-db/testing";
import { mulberry32 } from "@quire/analytics-db";
import { afterAll, beforeAll, expect, test } from "vitest";

import { createSite } from "../sites";
import { handlePlausibleEvent, handleUmamiSend } from "./handlers";

const UA = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
let t: ReturnType<typeof createTestAnalyticsDatabase>;

beforeAll(async () => {
  t = createTestAnalyticsDatabase();
  await createSite(t, { domain: "fuzz.example" });
});

afterAll(async () => {
  await t.cleanup();
});

const JUNK = ["\u0000", "\uffff", "\ud800", "𝕏", "💥", "\u202e", "'; DROP TABLE events; --", "<script>", "%00", "\\", '"', "null", "{}", "[]", "NaN", "-1e309"];

/** Random JSON-ish values: right and wrong types, deep nesting, junk text, huge strings. */
function value(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * 10);
  if (depth > 3) return JUNK[Math.floor(r() * JUNK.length)];
  switch (pick) {
    case 0:
      return null;
    case 1:
      return r() * 1e6 - 5e5;
    case 2:
      return r() < 0.5;
    case 3:
      return JUNK[Math.floor(r() * JUNK.length)]! + JUNK[Math.floor(r() * JUNK.length)]!;
    case 4:
      return "x".repeat(Math.floor(r() * 5000));
    case 5:
      return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
    case 6:
      return Object.fromEntries(Array.from({ length: Math.floor(r() * 40) }, (_, i) => [`k${i}${JUNK[i % JUNK.length]}`, value(r, depth + 1)]));
    case 7:
      return `https://fuzz.example/${JUNK[Math.floor(r() * JUNK.length)]}`;
    default:
      return "fuzz.example";
  }
}

function body(r: () => number): string {
  const base: Record<string, unknown> = { n: "pageview", u: "https://fuzz.example/", d: "fuzz.example", r: null, w: 1280, p: { a: "b" } };
  for (const key of Object.keys(base)) if (r() < 0.4) base[key] = value(r);
  if (r() < 0.1) base[`extra${Math.floor(r() * 9)}`] = value(r);
  let text = JSON.stringify(base);
  if (r() < 0.15) text = text.slice(0, Math.floor(r() * text.length)); // truncated
  if (r() < 0.05) text = text.replace(/"/g, ""); // mangled
  return text;
}

function umamiBody(r: () => number): string {
  const extra = value(r);
  const fields = typeof extra === "object" && extra !== null && !Array.isArray(extra) ? extra : { name: extra };
  return JSON.stringify({ type: r() < 0.9 ? "event" : value(r), payload: r() < 0.9 ? { website: "fuzz.example", url: "/", ...fields } : value(r) });
}

test("2,000 hostile bodies: only 2xx/4xx, and the database stays consistent", async () => {
  const r = mulberry32(2024);
  const statuses = new Map<number, number>();
  for (let i = 0; i < 2000; i++) {
    const text = body(r);
    const umami = r() < 0.3;
    const request = new Request(`http://analytics.test/api/${umami ? "send" : "event"}`, {
      method: "POST",
      body: umami ? umamiBody(r) : text,
      headers: { "user-agent": UA, "x-forwarded-for": `10.0.0.${i % 200}` },
    });
    const res = await (umami ? handleUmamiSend : handlePlausibleEvent)(t, request);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    expect(res.status, text.slice(0, 200)).toBeLessThan(500);
  }
  expect([...statuses.keys()].every((s) => [200, 202, 400, 413].includes(s))).toBe(true);
  expect(statuses.get(400)).toBeGreaterThan(100);
  expect((statuses.get(202) ?? 0) + (statuses.get(200) ?? 0)).toBeGreaterThan(100);
  await t.writer.drain();
  expect(t.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
  const q = (sql: string) => t.sqlite.prepare(sql).pluck().get();
  expect(q("SELECT count(*) FROM events e LEFT JOIN visits v ON v.id = e.visit_id WHERE v.id IS NULL")).toBe(0);
  expect(q("SELECT count(*) FROM events WHERE props IS NOT NULL AND json_valid(props) = 0")).toBe(0);
  expect(q("SELECT coalesce(sum(pageviews), 0) FROM rollup_daily WHERE dim = 0")).toBe(q("SELECT count(*) FROM events WHERE name = 0"));
  expect(q("SELECT coalesce(sum(events), 0) FROM rollup_daily WHERE dim = 0")).toBe(q("SELECT count(*) FROM events WHERE name != 0"));
  expect(q("SELECT count(*) FROM visits")).toBe(q("SELECT coalesce(sum(visits), 0) FROM rollup_daily WHERE dim = 0"));
});
