import type { AnalyticsDatabase } from "@quire/analytics-db";

import { runQuery } from "./query";
import type { Dimension, Filter, Metric } from "./query";
import type { DayRange } from "./range";

/** The metrics each breakdown shows by default (what its rollup knows). */
export function breakdownMetrics(dimension: Dimension): Metric[] {
  if (dimension === "event:page") return ["visitors", "pageviews"];
  if (dimension === "visit:exit_page") return ["visits"];
  if (dimension === "event:name" || dimension.startsWith("event:props:")) return ["visitors", "events"];
  return ["visitors", "visits", "bounce_rate", "visit_duration"];
}

export interface BreakdownRow {
  value: string;
  metrics: Partial<Record<Metric, number | null>>;
}

export interface BreakdownResult {
  dimension: Dimension;
  metrics: Metric[];
  rows: BreakdownRow[];
  total: number;
  source: "rollups" | "raw";
}

/**
 * Top values of one dimension (pages, entry and exit pages, sources,
 * referrers, UTM, browsers, OS, devices, screens, languages, countries,
 * custom events, event properties), busiest first.
 */
export async function breakdown(
  quire: AnalyticsDatabase,
  siteId: number,
  opts: { range: DayRange; dimension: Dimension; filters?: Filter[]; metrics?: Metric[]; limit?: number; offset?: number },
): Promise<BreakdownResult> {
  const metrics = opts.metrics ?? breakdownMetrics(opts.dimension);
  const result = await runQuery(quire, siteId, {
    range: opts.range,
    metrics,
    dimensions: [opts.dimension],
    filters: opts.filters,
    limit: opts.limit,
    offset: opts.offset,
  });
  return {
    dimension: opts.dimension,
    metrics,
    rows: result.rows.map((r) => ({ value: r.dimensions[0]!, metrics: Object.fromEntries(metrics.map((m, i) => [m, r.metrics[i]])) })),
    total: result.total,
    source: result.source,
  };
}

/** The property names recorded with a custom event over a range (for its property breakdowns). */
export async function propKeys(quire: AnalyticsDatabase, siteId: number, eventName: string, range: DayRange): Promise<string[]> {
  const rows = await quire.sql.all<{ key: string }>(
    `SELECT k.value AS key FROM rollup_props r JOIN strings n ON n.id = r.name JOIN strings k ON k.id = r.key
      WHERE r.site_id = ? AND n.value = ? AND r.day BETWEEN ? AND ?
      GROUP BY r.key ORDER BY sum(r.events) DESC LIMIT 20`,
    siteId,
    eventName,
    range.fromDay,
    range.toDay,
  );
  return rows.map((r) => r.key);
}
