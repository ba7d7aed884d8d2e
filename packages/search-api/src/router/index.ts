import { getSearchHealth } from "../health";
import { trpcErrors } from "../errors";
import { IndexSummarySchema, SearchInput, SearchOutput } from "../schemas";
import { searchByName } from "../search/search";
import { adminProcedure, publicProcedure, router } from "../trpc";
import { apiKeysRouter } from "./api-keys";
import { documentsRouter } from "./documents";
import { indexesRouter } from "./indexes";
import { serviceRouter } from "./service";

export { IndexSummarySchema };

export const searchRouter = router({
  health: publicProcedure.query(({ ctx }) => getSearchHealth(ctx.quire)),
  indexes: indexesRouter,
  documents: documentsRouter,
  apiKeys: apiKeysRouter,
  /** The console's search: simple mode by default, highlights on request. */
  search: adminProcedure
    .input(SearchInput)
    .output(SearchOutput)
    .query(({ ctx, input }) => trpcErrors(() => searchByName(ctx.quire, input))),
  /** Procedures other Quire apps call with the service token. */
  service: serviceRouter,
});

export type SearchRouter = typeof searchRouter;
