import type { AnalyticsDatabase } from "@quire/analytics-db";

export interface Realtime {
  /** Distinct visitors with an event in the last 5 minutes. */
  visitors: number;
  /** Pageviews per minute over the last 30 minutes, oldest first. */
  pageviewsPerMinute: number[];
  /** Pages viewed in the last 5 minutes. */
  pages: { value: string; visitors: number }[];
}

const MINUTE = 60_000;

/** Who is on the site right now (read from the raw events of the last minutes). */
export async function realtime(quire: AnalyticsDatabase, siteId: number, now = Date.now()): Promise<Realtime> {
  const since = now - 5 * MINUTE;
  const visitors = await quire.sql.get<{ n: number }>(
    `SELECT count(DISTINCT v.visitor) AS n FROM events e JOIN visits v ON v.id = e.visit_id WHERE e.site_id = ? AND e.ts >= ? AND e.ts <= ?`,
    siteId,
    since,
    now,
  );
  const minutes = await quire.sql.all<{ m: number; n: number }>(
    `SELECT CAST((e.ts - ?) / 60000 AS INTEGER) AS m, count(*) AS n FROM events e WHERE e.site_id = ? AND e.ts >= ? AND e.ts <= ? AND e.name = 0 GROUP BY m`,
    now - 30 * MINUTE,
    siteId,
    now - 30 * MINUTE,
    now,
  );
  const series = Array.from({ length: 30 }, () => 0);
  for (const { m, n } of minutes) if (m >= 0 && m < 30) series[m] = n;
  const pages = await quire.sql.all<{ value: string; visitors: number }>(
    `SELECT s.value, count(DISTINCT v.visitor) AS visitors
       FROM events e JOIN visits v ON v.id = e.visit_id JOIN strings s ON s.id = e.path
      WHERE e.site_id = ? AND e.ts >= ? AND e.ts <= ? AND e.name = 0
      GROUP BY e.path ORDER BY visitors DESC, s.value LIMIT 10`,
    siteId,
    since,
    now,
  );
  return { visitors: visitors?.n ?? 0, pageviewsPerMinute: series, pages };
}
