export { aggregate, TOP_METRICS } from "./aggregate";
export type { AggregateResult, TopStats } from "./aggregate";
export { breakdown, breakdownMetrics, propKeys } from "./breakdown";
export type { BreakdownResult, BreakdownRow } from "./breakdown";
export { durationStats } from "./duration";
export type { DurationStats } from "./duration";
export { createFunnel, deleteFunnel, funnelReport, listFunnels } from "./funnels";
export type { Funnel, FunnelReport } from "./funnels";
export { createGoal, deleteGoal, goalConversions, listGoals } from "./goals";
export type { Goal, GoalConversion } from "./goals";
export { topPages, viewsPerPath } from "./pages";
export type { PageViews } from "./pages";
export {
  canUseRollups,
  DimensionSchema,
  FilterSchema,
  METRICS,
  MetricSchema,
  runQuery,
  TIME_DIMENSIONS,
  timeBuckets,
  VISIT_DIMENSIONS,
} from "./query";
export type { Dimension, Filter, Metric, StatsQuery, StatsResult, StatsRow } from "./query";
export { dayRange, describeRange, MAX_RANGE_DAYS, PeriodSchema, RangeInputSchema, resolveRange } from "./range";
export type { DayRange, Period, RangeInput } from "./range";
export { realtime } from "./realtime";
export type { Realtime } from "./realtime";
export { defaultGranularity, timeseries } from "./timeseries";
export type { Granularity, TimeseriesPoint } from "./timeseries";
export { topPagesPerSource } from "./top-pages-per-source";
export type { SourcePages } from "./top-pages-per-source";
