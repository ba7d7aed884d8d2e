import { listIndexes } from "@quire/search-db";
import { z } from "zod";

import { trpcErrors } from "../errors";
import { createIndex, deleteIndex, getIndexByName, renameIndex } from "../indexes";
import { IndexNameSchema, IndexSummarySchema } from "../schemas";
import { adminProcedure, router } from "../trpc";

const IndexRowSchema = z.object({ id: z.number(), name: z.string(), createdAt: z.date() });

export const indexesRouter = router({
  list: adminProcedure
    .output(z.array(IndexSummarySchema))
    .query(({ ctx }) => listIndexes(ctx.quire)),
  get: adminProcedure
    .input(z.object({ name: IndexNameSchema }))
    .output(IndexSummarySchema)
    .query(({ ctx, input }) => trpcErrors(() => getIndexByName(ctx.quire, input.name))),
  create: adminProcedure
    .input(z.object({ name: IndexNameSchema }))
    .output(IndexRowSchema)
    .mutation(({ ctx, input }) => trpcErrors(() => createIndex(ctx.quire, input.name))),
  update: adminProcedure
    .input(z.object({ id: z.number().int(), data: z.object({ name: IndexNameSchema }) }))
    .output(IndexRowSchema)
    .mutation(({ ctx, input }) =>
      trpcErrors(() => renameIndex(ctx.quire, input.id, input.data.name)),
    ),
  delete: adminProcedure
    .input(z.object({ id: z.number().int() }))
    .output(z.object({ unlinked: z.number() }))
    .mutation(({ ctx, input }) => trpcErrors(() => deleteIndex(ctx.quire, input.id))),
});
