import { count } from "drizzle-orm";

import type { AnalyticsDatabase } from "../index";
import { events, sites } from "../schema";

export interface SiteSummary {
  id: number;
  domain: string;
  name: string;
  pageviews: number;
  visitors: number;
  /** One point per day of the range, empty days included (date_series). */
  daily: { day: string; pageviews: number }[];
}

const DAY = 86_400_000;

/** Every site with its page views and unique visitors over the last `days` days (UTC). */
export async function listSites(quire: AnalyticsDatabase, { days = 7, now = Date.now() } = {}): Promise<SiteSummary[]> {
  const to = new Date(now).toISOString().slice(0, 10);
  const from = new Date(now - (days - 1) * DAY).toISOString().slice(0, 10);
  const fromMs = Date.parse(`${from}T00:00:00Z`);
  // Totals cover exactly the days of the series, so they always equal the sum of `daily`.
  const toMs = Date.parse(`${to}T00:00:00Z`) + DAY;
  const totals = await quire.sql.all<{ id: number; domain: string; name: string; pageviews: number; visitors: number }>(
    `SELECT s.id, s.domain, s.name,
            count(e.id) AS pageviews,
            count(DISTINCT e.visitor_id) AS visitors
       FROM sites s
       LEFT JOIN events e ON e.site_id = s.id AND e.name = 'pageview' AND e.ts >= ? AND e.ts < ?
      GROUP BY s.id ORDER BY s.domain`,
    fromMs,
    toMs,
  );
  // date_series fills the days without events, so charts have no gaps.
  const daily = await quire.sql.all<{ siteId: number; day: string; pageviews: number }>(
    `SELECT s.id AS siteId, d.value AS day, count(e.id) AS pageviews
       FROM sites s
       CROSS JOIN date_series(?, ?, '1 day') d
       LEFT JOIN events e ON e.site_id = s.id AND e.name = 'pageview'
            AND e.ts >= unixepoch(d.value) * 1000 AND e.ts < unixepoch(d.value, '+1 day') * 1000
      GROUP BY s.id, d.value ORDER BY s.id, d.value`,
    from,
    to,
  );
  return totals.map((t) => ({
    ...t,
    daily: daily.filter((d) => d.siteId === t.id).map(({ day, pageviews }) => ({ day, pageviews })),
  }));
}

export async function countAnalyticsData(quire: AnalyticsDatabase) {
  const [s] = await quire.db.select({ n: count() }).from(sites);
  const [e] = await quire.db.select({ n: count() }).from(events);
  return { sites: s?.n ?? 0, events: e?.n ?? 0 };
}
