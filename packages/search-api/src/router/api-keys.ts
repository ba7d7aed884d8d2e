import { z } from "zod";

import { createApiKey, deleteApiKey, listApiKeys } from "../api-keys";
import { trpcErrors } from "../errors";
import { ApiKeySchema, CreateApiKeyInput, CreateApiKeyOutput } from "../schemas";
import { adminProcedure, router } from "../trpc";

/** Keys for the Scout REST API (admin, or search-only and perhaps limited to indexes). */
export const apiKeysRouter = router({
  list: adminProcedure.output(z.array(ApiKeySchema)).query(({ ctx }) => listApiKeys(ctx.quire)),
  /** Answers the key itself, this once: only its hash is kept. */
  create: adminProcedure
    .input(CreateApiKeyInput)
    .output(CreateApiKeyOutput)
    .mutation(({ ctx, input }) => trpcErrors(() => createApiKey(ctx.quire, input))),
  delete: adminProcedure
    .input(z.object({ id: z.number().int() }))
    .output(z.object({ success: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      trpcErrors(async () => {
        await deleteApiKey(ctx.quire, input.id);
        return { success: true as const };
      }),
    ),
});
