import { listIndexes } from "@quire/search-db";
import { z } from "zod";

import { trpcErrors } from "../errors";
import {
  createIndex,
  deleteIndex,
  getIndexByName,
  getIndexFields,
  renameIndex,
  updateIndexFields,
} from "../indexes";
import {
  IndexFieldsOutput,
  IndexFieldsSchema,
  IndexNameSchema,
  IndexSettingsOutput,
  IndexSummarySchema,
  SetIndexFieldsInput,
  UpdateIndexSettingsInput,
} from "../schemas";
import { getIndexSettings, updateIndexSettings } from "../settings";
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
  /** Declared metadata types and the types the documents' values have. */
  fields: adminProcedure
    .input(z.object({ name: IndexNameSchema }))
    .output(IndexFieldsOutput)
    .query(({ ctx, input }) => trpcErrors(() => getIndexFields(ctx.quire, input.name))),
  /** Declare metadata types (null undeclares); answers the declared types. */
  setFields: adminProcedure
    .input(SetIndexFieldsInput)
    .output(IndexFieldsSchema)
    .mutation(({ ctx, input }) =>
      trpcErrors(() => updateIndexFields(ctx.quire, input.index, input.fields)),
    ),
  /** Search settings: column weights, synonyms, stop words (stored, and with the defaults). */
  settings: adminProcedure
    .input(z.object({ name: IndexNameSchema }))
    .output(IndexSettingsOutput)
    .query(({ ctx, input }) => trpcErrors(() => getIndexSettings(ctx.quire, input.name))),
  /** Replace the settings given; null sends one back to its default. */
  updateSettings: adminProcedure
    .input(UpdateIndexSettingsInput)
    .output(IndexSettingsOutput)
    .mutation(({ ctx, input }) =>
      trpcErrors(() => updateIndexSettings(ctx.quire, input.name, input.data)),
    ),
  delete: adminProcedure
    .input(z.object({ id: z.number().int() }))
    .output(z.object({ unlinked: z.number() }))
    .mutation(({ ctx, input }) => trpcErrors(() => deleteIndex(ctx.quire, input.id))),
});
