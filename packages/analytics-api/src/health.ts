import { databaseStats } from "@quire/db";
import { countAnalyticsData } from "@quire/analytics-db";
import type { AnalyticsDatabase } from "@quire/analytics-db";
import { serviceHealth } from "@quire/trpc";
import type { ServiceHealth } from "@quire/trpc";

/** The analytics app's health: database stats plus index and document counts. */
export async function getAnalyticsHealth(quire: AnalyticsDatabase): Promise<ServiceHealth> {
  return serviceHealth("analytics", databaseStats(quire), await countAnalyticsData(quire));
}
