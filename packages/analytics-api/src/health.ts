import { databaseStats } from "@quire/db";
import { countAnalyticsData } from "@quire/analytics-db";
import type { AnalyticsDatabase } from "@quire/analytics-db";
import { serviceHealth } from "@quire/trpc";
import type { ServiceHealth } from "@quire/trpc";

/** The analytics app's health: database stats plus sites, events, visits and dropped events. */
export async function getAnalyticsHealth(quire: AnalyticsDatabase): Promise<ServiceHealth> {
  const dropped = quire.sqlite.prepare("SELECT coalesce(sum(count), 0) FROM drops").pluck().get() as number;
  return serviceHealth("analytics", databaseStats(quire), { ...(await countAnalyticsData(quire)), dropped });
}
