import type { AnalyticsDatabase } from "@quire/analytics-db";

import type { DayRange } from "./range";

export interface SourcePages {
  source: string;
  visitors: number;
  pages: { page: string; pageviews: number }[];
}

/**
 * For the busiest sources, the pages their visitors viewed most: a top-N per
 * group with `row_number() OVER (PARTITION BY source …)`, over raw events.
 */
export async function topPagesPerSource(
  quire: AnalyticsDatabase,
  siteId: number,
  range: DayRange,
  { sources = 5, pages = 3 } = {},
): Promise<SourcePages[]> {
  const rows = await quire.sql.all<{ source: string; visitors: number; page: string; pageviews: number }>(
    `WITH per_page AS (
       SELECT v.source, e.path, count(*) AS pageviews,
              row_number() OVER (PARTITION BY v.source ORDER BY count(*) DESC, e.path) AS rank
         FROM events e JOIN visits v ON v.id = e.visit_id
        WHERE e.site_id = ? AND e.ts >= ? AND e.ts < ? AND e.name = 0
        GROUP BY v.source, e.path
     ), per_source AS (
       SELECT v.source, count(DISTINCT v.visitor) AS visitors
         FROM events e JOIN visits v ON v.id = e.visit_id
        WHERE e.site_id = ? AND e.ts >= ? AND e.ts < ?
        GROUP BY v.source ORDER BY visitors DESC LIMIT ?
     )
     SELECT coalesce(src.value, '') AS source, ps.visitors, p.value AS page, pp.pageviews
       FROM per_source ps
       JOIN per_page pp ON pp.source = ps.source AND pp.rank <= ?
       JOIN strings p ON p.id = pp.path
       LEFT JOIN strings src ON src.id = ps.source
      ORDER BY ps.visitors DESC, ps.source, pp.rank`,
    siteId,
    range.from,
    range.to,
    siteId,
    range.from,
    range.to,
    sources,
    pages,
  );
  const out: SourcePages[] = [];
  for (const r of rows) {
    let group = out.find((g) => g.source === r.source);
    if (!group) out.push((group = { source: r.source, visitors: r.visitors, pages: [] }));
    group.pages.push({ page: r.page, pageviews: r.pageviews });
  }
  return out;
}
