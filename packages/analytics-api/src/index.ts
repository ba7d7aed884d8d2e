export { analyticsRouter } from "./router";
export type { AnalyticsRouter } from "./router";
export { createCallerFactory } from "./trpc";
export type { AnalyticsContext } from "./trpc";
export { getAnalyticsHealth } from "./health";
