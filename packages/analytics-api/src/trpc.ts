import { createTRPC } from "@quire/trpc";
import type { BaseContext } from "@quire/trpc";
import type { AnalyticsDatabase } from "@quire/analytics-db";

export interface AnalyticsContext extends BaseContext {
  quire: AnalyticsDatabase;
}

export const { router, publicProcedure, adminProcedure, serviceProcedure, createCallerFactory } =
  createTRPC<AnalyticsContext>();
