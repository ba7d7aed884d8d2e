import { listIndexes } from "@quire/search-db";
import { ServiceHealthSchema } from "@quire/trpc";
import { z } from "zod";

import { getSearchHealth } from "../health";
import { adminProcedure, publicProcedure, router, serviceProcedure } from "../trpc";

export const IndexSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  documentCount: z.number(),
  createdAt: z.date(),
});

export const searchRouter = router({
  health: publicProcedure.query(({ ctx }) => getSearchHealth(ctx.quire)),
  indexes: router({
    list: adminProcedure.output(z.array(IndexSummarySchema)).query(({ ctx }) => listIndexes(ctx.quire)),
  }),
  /** Procedures other Quire apps call with the service token. */
  service: router({
    health: serviceProcedure.input(z.void()).output(ServiceHealthSchema).query(({ ctx }) => getSearchHealth(ctx.quire)),
  }),
});

export type SearchRouter = typeof searchRouter;
