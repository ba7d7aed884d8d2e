import type { AnalyticsDatabase } from "@quire/analytics-db";

import type { DayRange } from "./range";

export interface DurationStats {
  visits: number;
  /** Seconds. */
  median: number | null;
  p75: number | null;
  p95: number | null;
}

/**
 * Visit duration percentiles, with the `median` and `percentile` aggregates
 * of @quire/db — an average hides that most visits are short.
 */
export async function durationStats(quire: AnalyticsDatabase, siteId: number, range: DayRange): Promise<DurationStats> {
  const r = await quire.sql.get<DurationStats>(
    `SELECT count(*) AS visits, median(d) AS median, percentile(d, 75) AS p75, percentile(d, 95) AS p95
       FROM (SELECT (ended_at - started_at) / 1000.0 AS d FROM visits WHERE site_id = ? AND started_at >= ? AND started_at < ?)`,
    siteId,
    range.from,
    range.to,
  );
  const round = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x));
  return { visits: r?.visits ?? 0, median: round(r?.median), p75: round(r?.p75), p95: round(r?.p95) };
}
