import { count } from "drizzle-orm";

import { DIMS } from "../dims";
import type { AnalyticsDatabase } from "../index";
import { events, sites, visits } from "../schema";
import { dayLabel, localDay } from "../time";

export interface SiteSummary {
  id: number;
  domain: string;
  name: string;
  pageviews: number;
  visitors: number;
  /** One point per day of the range, empty days included (date_series). */
  daily: { day: string; pageviews: number }[];
}

/**
 * Every site with its page views and visitors over the last `days` days
 * (the site's local days, today included), read from the daily rollups.
 */
export async function listSites(quire: AnalyticsDatabase, { days = 7, now = Date.now() } = {}): Promise<SiteSummary[]> {
  const all = quire.db.select().from(sites).orderBy(sites.domain).all();
  const out: SiteSummary[] = [];
  for (const site of all) {
    const to = localDay(now, site.timezone);
    const from = to - days + 1;
    // date_series fills the days without traffic, so charts have no gaps.
    const daily = await quire.sql.all<{ day: string; pageviews: number; visitors: number }>(
      `SELECT d.value AS day, coalesce(r.pageviews, 0) AS pageviews, coalesce(r.visitors, 0) AS visitors
         FROM date_series(?, ?, '1 day') d
         LEFT JOIN rollup_daily r ON r.site_id = ? AND r.dim = ? AND r.value = 0 AND r.day = unixepoch(d.value) / 86400
        ORDER BY d.value`,
      dayLabel(from),
      dayLabel(to),
      site.id,
      DIMS.total,
    );
    out.push({
      id: site.id,
      domain: site.domain,
      name: site.name,
      pageviews: daily.reduce((sum, d) => sum + d.pageviews, 0),
      visitors: daily.reduce((sum, d) => sum + d.visitors, 0),
      daily: daily.map(({ day, pageviews }) => ({ day, pageviews })),
    });
  }
  return out;
}

/** Headline counts for health pages. */
export async function countAnalyticsData(quire: AnalyticsDatabase) {
  const [s] = await quire.db.select({ n: count() }).from(sites);
  const [e] = await quire.db.select({ n: count() }).from(events);
  const [v] = await quire.db.select({ n: count() }).from(visits);
  return { sites: s?.n ?? 0, events: e?.n ?? 0, visits: v?.n ?? 0 };
}
