import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { DIMS, EVENT_FLAGS } from "../dims";
import { generateHits } from "../generate";
import { schema } from "../index";
import { createTestAnalyticsDatabase } from "../testing";
import { DAY, HOUR } from "../time";
import { recordHits, recorderFor } from "./index";
import type { Hit } from "./index";

let t: ReturnType<typeof createTestAnalyticsDatabase>;
const containing = (o: object): unknown => expect.objectContaining(o);
let siteId: number;
const T0 = Date.UTC(2025, 2, 10, 9, 0, 0);
const MIN = 60_000;

beforeEach(async () => {
  t = createTestAnalyticsDatabase();
  siteId = (await t.writer.run((db) => db.insert(schema.sites).values({ domain: "a.example", name: "a" }).returning().get())).id;
});

afterEach(async () => {
  await t.cleanup();
});

const hit = (over: Partial<Hit>): Hit => ({
  siteId,
  timezone: "UTC",
  ts: T0,
  visitor: 1,
  kind: "pageview",
  path: "/",
  visit: { browser: "Firefox", source: "Google", country: "DE" },
  ...over,
});

const all = (text: string, ...params: unknown[]) => t.sqlite.prepare(text).all(...params) as Record<string, number>[];
const one = (text: string, ...params: unknown[]) => t.sqlite.prepare(text).get(...params) as Record<string, number>;
const label = (id: number) => (id === 0 ? "" : (t.sqlite.prepare("SELECT value FROM strings WHERE id = ?").pluck().get(id) as string));
const totals = (day = Math.floor(T0 / DAY)) =>
  one("SELECT visitors, visits, pageviews, events, bounces, duration FROM rollup_daily WHERE site_id = ? AND dim = 0 AND day = ?", siteId, day);
const dimRows = (dim: number) =>
  Object.fromEntries(
    all("SELECT value, visitors, visits, pageviews, events, bounces, duration FROM rollup_daily WHERE site_id = ? AND dim = ?", siteId, dim).map(
      ({ value, ...rest }) => [label(value!), rest],
    ),
  );

describe("visits", () => {
  test("events within 30 minutes of each other are one visit; entry, exit, duration, no bounce", async () => {
    await recordHits(t, [
      hit({ path: "/a" }),
      hit({ path: "/b", ts: T0 + 10 * MIN }),
      hit({ path: "/c", ts: T0 + 35 * MIN }),
    ]);
    const [visit] = all("SELECT * FROM visits");
    expect(visit).toMatchObject({ pageviews: 3, interactions: 3, started_at: T0, ended_at: T0 + 35 * MIN });
    expect(label(visit!.entry_page!)).toBe("/a");
    expect(label(visit!.exit_page!)).toBe("/c");
    expect(totals()).toEqual({ visitors: 1, visits: 1, pageviews: 3, events: 0, bounces: 0, duration: 35 * MIN });
    // The exit moved /a → /b → /c inside one batch: only /c holds an exit.
    expect(dimRows(DIMS.exit_page)).toEqual({ "/c": containing({ visits: 1 }) });
    expect(dimRows(DIMS.entry_page)["/a"]).toMatchObject({ visitors: 1, visits: 1, pageviews: 3, bounces: 0, duration: 35 * MIN });
    expect(dimRows(DIMS.source)["Google"]).toMatchObject({ visitors: 1, visits: 1, pageviews: 3 });
  });

  test("31 minutes of silence start a new visit of the same visitor", async () => {
    await recordHits(t, [hit({}), hit({ ts: T0 + 31 * MIN, visit: { browser: "Firefox", source: "Bing", country: "DE" } })]);
    expect(all("SELECT id FROM visits")).toHaveLength(2);
    expect(totals()).toMatchObject({ visitors: 1, visits: 2, pageviews: 2, bounces: 2 });
    // Same hash: counted once for the browser, once per distinct source.
    expect(dimRows(DIMS.browser)["Firefox"]).toMatchObject({ visitors: 1, visits: 2 });
    expect(dimRows(DIMS.source)).toMatchObject({ Google: { visitors: 1, visits: 1 }, Bing: { visitors: 1, visits: 1 } });
  });

  test("a single pageview bounces until a second interaction; non-interactive events do not count", async () => {
    await recordHits(t, [hit({})]);
    expect(totals().bounces).toBe(1);
    await recordHits(t, [hit({ kind: "event", name: "Video autoplay", interactive: false, ts: T0 + MIN })]);
    expect(totals()).toMatchObject({ bounces: 1, events: 1, duration: MIN });
    await recordHits(t, [hit({ kind: "event", name: "Signup", ts: T0 + 2 * MIN })]);
    expect(totals()).toMatchObject({ bounces: 0, events: 2, duration: 2 * MIN });
    expect(dimRows(DIMS.browser)["Firefox"]).toMatchObject({ bounces: 0, events: 2, visits: 1 });
    const flags = all("SELECT flags FROM events ORDER BY id").map((r) => r.flags!);
    expect(flags[0]! & EVENT_FLAGS.entry).toBeTruthy();
    expect(flags[1]! & EVENT_FLAGS.nonInteractive).toBeTruthy();
    expect(flags[2]! & (EVENT_FLAGS.entry | EVENT_FLAGS.nonInteractive)).toBe(0);
  });

  test("engagement extends the visit without being an event; without a visit it is refused", async () => {
    const [first, engaged] = await recordHits(t, [hit({}), hit({ kind: "engagement", ts: T0 + 90_000 })]);
    expect(first).toMatchObject({ ok: true });
    expect(engaged).toMatchObject({ ok: true, eventId: null });
    expect(totals()).toMatchObject({ duration: 90_000, pageviews: 1, events: 0, bounces: 1 });
    expect(all("SELECT id FROM events")).toHaveLength(1);
    const [lost] = await recordHits(t, [hit({ kind: "engagement", visitor: 99 })]);
    expect(lost).toEqual({ ok: false, reason: "engagement without a visit" });
  });

  test("after the salt rotates, the previous hash continues its visit; then the new hash is a new visitor", async () => {
    await recordHits(t, [hit({ visitor: 7 })]);
    await recordHits(t, [hit({ visitor: 8, previousVisitor: 7, ts: T0 + 5 * MIN })]);
    expect(all("SELECT visitor FROM visits")).toEqual([{ visitor: 7 }]);
    expect(totals()).toMatchObject({ visitors: 1, visits: 1, pageviews: 2 });
    await recordHits(t, [hit({ visitor: 8, previousVisitor: 7, ts: T0 + 60 * MIN })]);
    expect(all("SELECT visitor FROM visits ORDER BY id")).toEqual([{ visitor: 7 }, { visitor: 8 }]);
    expect(totals()).toMatchObject({ visitors: 2, visits: 2 });
  });

  test("a lazy previous hash is computed only for a hash with no state of its own", async () => {
    let calls = 0;
    const previous = () => (calls++, 7);
    await recordHits(t, [hit({ visitor: 7 })]);
    await recordHits(t, [hit({ visitor: 8, previousVisitor: previous, ts: T0 + 5 * MIN })]);
    expect(calls).toBe(1);
    expect(all("SELECT visitor FROM visits")).toEqual([{ visitor: 7 }]);
    await recordHits(t, [hit({ visitor: 7, previousVisitor: previous, ts: T0 + 6 * MIN })]);
    expect(calls).toBe(1);
    expect(totals()).toMatchObject({ visitors: 1, visits: 1, pageviews: 3 });
  });

  test("visitors per hour count each visitor once per UTC hour", async () => {
    await recordHits(t, [
      hit({ ts: T0 + 5 * MIN }),
      hit({ ts: T0 + 20 * MIN }),
      hit({ ts: T0 + 45 * MIN }),
      hit({ ts: T0 + 65 * MIN }),
      hit({ visitor: 2, ts: T0 + 70 * MIN }),
    ]);
    const hours = all("SELECT hour, visitors, pageviews, visits FROM rollup_hourly WHERE site_id = ? ORDER BY hour", siteId);
    expect(hours).toEqual([
      { hour: T0 / HOUR, visitors: 1, pageviews: 3, visits: 1 },
      { hour: T0 / HOUR + 1, visitors: 2, pageviews: 2, visits: 1 },
    ]);
  });
});

describe("pages, events and properties", () => {
  test("page visitors are unique per visitor hash, pageviews are every view", async () => {
    await recordHits(t, [hit({ path: "/a" }), hit({ path: "/a", ts: T0 + MIN }), hit({ path: "/a", visitor: 2 }), hit({ path: "/b", visitor: 2, ts: T0 + MIN })]);
    expect(dimRows(DIMS.page)).toEqual({
      "/a": containing({ visitors: 2, pageviews: 3 }),
      "/b": containing({ visitors: 1, pageviews: 1 }),
    });
  });

  test("custom events and their properties roll up by name, key and value", async () => {
    await recordHits(t, [
      hit({ kind: "event", name: "Signup", props: { plan: "pro", via: "footer" } }),
      hit({ kind: "event", name: "Signup", props: { plan: "pro" }, ts: T0 + MIN }),
      hit({ kind: "event", name: "Signup", props: { plan: "free" }, visitor: 2 }),
    ]);
    expect(dimRows(DIMS.event)).toEqual({ Signup: containing({ visitors: 2, events: 3 }) });
    const props = all("SELECT key, value, visitors, events FROM rollup_props WHERE site_id = ?", siteId).map((r) => ({
      key: label(r.key!),
      value: label(r.value!),
      visitors: r.visitors,
      events: r.events,
    }));
    expect(props).toEqual(
      expect.arrayContaining([
        { key: "plan", value: "pro", visitors: 1, events: 2 },
        { key: "plan", value: "free", visitors: 1, events: 1 },
        { key: "via", value: "footer", visitors: 1, events: 1 },
      ]),
    );
    expect(JSON.parse(one("SELECT props FROM events ORDER BY id LIMIT 1").props as unknown as string)).toEqual({ plan: "pro", via: "footer" });
  });
});

test("a failed unit rolls back everything and resets the string cache", async () => {
  const recorder = recorderFor(t);
  await expect(
    t.writer.run(() => {
      recorder.record([hit({ path: "/rolled-back" })]);
      throw new Error("boom");
    }),
  ).rejects.toThrow("boom");
  recorder.reset();
  expect(all("SELECT id FROM events")).toHaveLength(0);
  expect(one("SELECT count(*) AS n FROM rollup_daily").n).toBe(0);
  await recordHits(t, [hit({ path: "/rolled-back" })]);
  expect(label(one("SELECT path FROM events").path!)).toBe("/rolled-back");
});

test("the rollups agree with the raw visits and events they summarise", async () => {
  const from = Date.UTC(2025, 0, 1);
  for (const batch of generateHits({ siteId, from, to: from + 7 * DAY - 1, events: 12_000, seed: 7 })) {
    await recordHits(t, batch);
  }
  const raw = one(`SELECT count(*) AS events, sum(name = 0) AS pageviews, count(DISTINCT visit_id) AS visits FROM events`);
  expect(raw.events).toBeGreaterThan(10_000);
  expect(raw.events).toBeLessThan(14_000);
  const rolled = one(
    `SELECT sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews, sum(events) AS events,
            sum(bounces) AS bounces, sum(duration) AS duration FROM rollup_daily WHERE dim = 0`,
  );
  const visits = one(
    `SELECT count(*) AS visits, sum(interactions = 1) AS bounces, sum(ended_at - started_at) AS duration,
            count(DISTINCT visitor) AS visitors FROM visits`,
  );
  expect(rolled).toEqual({
    visitors: visits.visitors,
    visits: visits.visits,
    pageviews: raw.pageviews,
    events: raw.events! - raw.pageviews!,
    bounces: visits.bounces,
    duration: visits.duration,
  });
  expect(visits.bounces! / visits.visits!).toBeGreaterThan(0.3);
  expect(visits.bounces! / visits.visits!).toBeLessThan(0.6);

  // Every visit dimension: visitors, visits, bounces and duration per value.
  for (const column of ["source", "browser", "country", "entry_page", "channel", "utm_campaign"] as const) {
    const expected = all(
      `SELECT ${column} AS value, count(DISTINCT visitor) AS visitors, count(*) AS visits, sum(pageviews) AS pageviews,
              sum(interactions = 1) AS bounces, sum(ended_at - started_at) AS duration
         FROM visits GROUP BY ${column} ORDER BY ${column}`,
    );
    const actual = all(
      `SELECT value, sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews, sum(bounces) AS bounces,
              sum(duration) AS duration FROM rollup_daily WHERE dim = ? GROUP BY value ORDER BY value`,
      DIMS[column],
    );
    expect(actual, column).toEqual(expected);
  }
  const pages = all(
    `SELECT path AS value, count(DISTINCT v.visitor) AS visitors, count(*) AS pageviews
       FROM events e JOIN visits v ON v.id = e.visit_id WHERE e.name = 0 GROUP BY path ORDER BY path`,
  );
  expect(
    all(`SELECT value, sum(visitors) AS visitors, sum(pageviews) AS pageviews FROM rollup_daily WHERE dim = ? GROUP BY value ORDER BY value`, DIMS.page),
  ).toEqual(pages);
  const exits = all(`SELECT exit_page AS value, count(*) AS visits FROM visits GROUP BY exit_page ORDER BY exit_page`);
  expect(
    all(`SELECT value, sum(visits) AS visits FROM rollup_daily WHERE dim = ? GROUP BY value HAVING sum(visits) > 0 ORDER BY value`, DIMS.exit_page),
  ).toEqual(exits);
  const hourly = all(
    `SELECT e.ts / 3600000 AS hour, count(DISTINCT v.visitor) AS visitors, sum(e.name = 0) AS pageviews
       FROM events e JOIN visits v ON v.id = e.visit_id GROUP BY hour ORDER BY hour`,
  );
  expect(all(`SELECT hour, visitors, pageviews FROM rollup_hourly WHERE pageviews > 0 OR visitors > 0 ORDER BY hour`)).toEqual(hourly);
});
