import { listSites } from "@quire/analytics-db";
import { ServiceHealthSchema } from "@quire/trpc";
import { z } from "zod";

import { getAnalyticsHealth } from "../health";
import { adminProcedure, publicProcedure, router, serviceProcedure } from "../trpc";

export const SiteSummarySchema = z.object({
  id: z.number(),
  domain: z.string(),
  name: z.string(),
  pageviews: z.number(),
  visitors: z.number(),
  daily: z.array(z.object({ day: z.string(), pageviews: z.number() })),
});

export const ListSitesInput = z.object({ days: z.number().int().min(1).max(366).default(7) }).default({ days: 7 });

export const analyticsRouter = router({
  health: publicProcedure.query(({ ctx }) => getAnalyticsHealth(ctx.quire)),
  sites: router({
    list: adminProcedure
      .input(ListSitesInput)
      .output(z.array(SiteSummarySchema))
      .query(({ ctx, input }) => listSites(ctx.quire, { days: input.days })),
  }),
  /** Procedures other Quire apps call with the service token. */
  service: router({
    health: serviceProcedure.input(z.void()).output(ServiceHealthSchema).query(({ ctx }) => getAnalyticsHealth(ctx.quire)),
  }),
});

export type AnalyticsRouter = typeof analyticsRouter;
