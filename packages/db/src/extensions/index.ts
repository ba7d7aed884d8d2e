import { dateSeries } from "./date-series";
import { median, percentile } from "./percentile";
import { regexp } from "./regexp";
import type { Extension } from "./registry";

export * from "./registry";
export { dateSeries, DATE_SERIES_MAX_ROWS } from "./date-series";
export { median, percentile, percentileOf } from "./percentile";
export { regexp } from "./regexp";

/** Installed on every connection opened by `openDatabase`. */
export const builtinExtensions: Extension[] = [regexp, median, percentile, dateSeries];
