import type { AnalyticsDatabase } from "@quire/analytics-db";

import { runQuery } from "./query";
import type { Filter, Metric } from "./query";
import type { DayRange } from "./range";

export const TOP_METRICS = ["visitors", "visits", "pageviews", "bounce_rate", "visit_duration", "views_per_visit", "events"] as const satisfies Metric[];
export type TopStats = Record<(typeof TOP_METRICS)[number], number>;

export interface AggregateResult {
  current: TopStats;
  previous: TopStats;
  /** Percent change per metric (null when the previous value is 0). Bounce rate: difference in points. */
  change: Record<keyof TopStats, number | null>;
}

async function totals(quire: AnalyticsDatabase, siteId: number, range: DayRange, filters: Filter[]): Promise<TopStats> {
  const { rows } = await runQuery(quire, siteId, { range, metrics: [...TOP_METRICS], filters });
  const values = rows[0]?.metrics ?? [];
  return Object.fromEntries(TOP_METRICS.map((m, i) => [m, values[i] ?? 0])) as TopStats;
}

/**
 * The top of the dashboard: visitors, visits, pageviews, bounce rate, visit
 * duration, views per visit and events, with the previous period beside.
 */
export async function aggregate(
  quire: AnalyticsDatabase,
  siteId: number,
  { range, previous, filters = [] }: { range: DayRange; previous: DayRange; filters?: Filter[] },
): Promise<AggregateResult> {
  const [current, before] = await Promise.all([totals(quire, siteId, range, filters), totals(quire, siteId, previous, filters)]);
  const change = Object.fromEntries(
    TOP_METRICS.map((m) => [
      m,
      m === "bounce_rate" ? current[m] - before[m] : before[m] === 0 ? null : Math.round(((current[m] - before[m]) / before[m]) * 100),
    ]),
  ) as AggregateResult["change"];
  return { current, previous: before, change };
}
