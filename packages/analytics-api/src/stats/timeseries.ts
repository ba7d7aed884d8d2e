import type { AnalyticsDatabase } from "@quire/analytics-db";

import { runQuery } from "./query";
import type { Dimension, Filter, Metric } from "./query";
import type { DayRange } from "./range";

export type Granularity = "hour" | "day" | "month";

export interface TimeseriesPoint {
  label: string;
  visitors: number;
  visits: number;
  pageviews: number;
  bounce_rate: number;
  visit_duration: number;
}

/** Hours for one day, months beyond ~3 months, days otherwise. */
export function defaultGranularity(range: DayRange): Granularity {
  const days = range.toDay - range.fromDay + 1;
  return days === 1 ? "hour" : days > 93 ? "month" : "day";
}

const METRICS = ["visitors", "visits", "pageviews", "bounce_rate", "visit_duration"] as const satisfies Metric[];

/** The chart: one point per hour, day or month of the range, empty ones as zeros. */
export async function timeseries(
  quire: AnalyticsDatabase,
  siteId: number,
  { range, granularity = defaultGranularity(range), filters = [] }: { range: DayRange; granularity?: Granularity; filters?: Filter[] },
): Promise<TimeseriesPoint[]> {
  const dimension: Dimension = `time:${granularity}`;
  const { rows } = await runQuery(quire, siteId, { range, metrics: [...METRICS], dimensions: [dimension], filters });
  return rows.map((r) => ({
    label: r.dimensions[0]!,
    ...(Object.fromEntries(METRICS.map((m, i) => [m, r.metrics[i] ?? 0])) as Omit<TimeseriesPoint, "label">),
  }));
}
