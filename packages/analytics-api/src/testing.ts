/**
 * For cross-app tests only (never imported by app code): the real analytics
 * router and a fresh test database, so another app's tests can serve
 * analytics in-process through `createLocalLink` from `@quire/trpc/testing`.
 */
export { createTestAnalyticsDatabase } from "@quire/analytics-db/testing";
export { seedDemo as seedAnalyticsDemo } from "@quire/analytics-db";
export { analyticsRouter } from "./router";
export type { AnalyticsContext } from "./trpc";
/** Real ingestion and site creation, for cross-app tests that need page views to exist. */
export { handlePlausibleEvent } from "./ingest/handlers";
export { createSite } from "./sites/sites";
