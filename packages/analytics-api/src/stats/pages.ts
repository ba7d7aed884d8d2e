import { DIMS } from "@quire/analytics-db";
import type { AnalyticsDatabase } from "@quire/analytics-db";

import type { DayRange } from "./range";

export interface PageViews {
  path: string;
  pageviews: number;
  visitors: number;
}

/** Page views and unique visitors of the given paths (paths without views are listed with zeros). */
export async function viewsPerPath(quire: AnalyticsDatabase, siteId: number, range: DayRange, paths: string[]): Promise<PageViews[]> {
  const rows = await quire.sql.all<PageViews>(
    `SELECT s.value AS path, sum(r.pageviews) AS pageviews, sum(r.visitors) AS visitors
       FROM strings s JOIN rollup_daily r ON r.value = s.id AND r.site_id = ? AND r.dim = ? AND r.day BETWEEN ? AND ?
      WHERE s.value IN (SELECT value FROM json_each(?))
      GROUP BY s.value`,
    siteId,
    DIMS.page,
    range.fromDay,
    range.toDay,
    JSON.stringify(paths),
  );
  const found = new Map(rows.map((r) => [r.path, r]));
  return paths.map((path) => found.get(path) ?? { path, pageviews: 0, visitors: 0 });
}

/** The most viewed pages of a range, from the daily page rollups. */
export async function topPages(quire: AnalyticsDatabase, siteId: number, range: DayRange, limit = 10): Promise<PageViews[]> {
  return quire.sql.all<PageViews>(
    `SELECT s.value AS path, sum(r.pageviews) AS pageviews, sum(r.visitors) AS visitors
       FROM rollup_daily r JOIN strings s ON s.id = r.value
      WHERE r.site_id = ? AND r.dim = ? AND r.day BETWEEN ? AND ?
      GROUP BY r.value ORDER BY pageviews DESC, s.value LIMIT ?`,
    siteId,
    DIMS.page,
    range.fromDay,
    range.toDay,
    limit,
  );
}
