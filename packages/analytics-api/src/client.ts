import { createServiceClient } from "@quire/trpc/client";
import type { ServiceClientOptions } from "@quire/trpc/client";

import type { AnalyticsRouter } from "./router";

export type { AnalyticsRouter };

/**
 * Typed client for the analytics app's `service.*` procedures: the only way
 * another app reaches analytics.
 */
export function createAnalyticsClient(options: ServiceClientOptions<AnalyticsRouter>) {
  return createServiceClient<AnalyticsRouter>(options);
}
export type AnalyticsClient = ReturnType<typeof createAnalyticsClient>;
