import { ServiceHealthSchema } from "@quire/trpc";
import { z } from "zod";

import { deleteDocumentsByIdentifier, upsertDocuments } from "../documents";
import { trpcErrors } from "../errors";
import { getSearchHealth } from "../health";
import {
  DeleteDocumentsInput,
  DeleteDocumentsOutput,
  ServiceSearchInput,
  ServiceSearchOutput,
  UpsertDocumentsInput,
  UpsertDocumentsOutput,
} from "../schemas";
import { searchByName } from "../search/search";
import { router, serviceProcedure } from "../trpc";

/** Procedures other Quire apps call with the service token: the contract is the schemas. */
export const serviceRouter = router({
  health: serviceProcedure
    .input(z.void())
    .output(ServiceHealthSchema)
    .query(({ ctx }) => getSearchHealth(ctx.quire)),
  /** Create or replace documents by identifier in one index (created if missing), in one transaction. */
  upsertDocuments: serviceProcedure
    .input(UpsertDocumentsInput)
    .output(UpsertDocumentsOutput)
    .mutation(({ ctx, input }) => trpcErrors(() => upsertDocuments(ctx.quire, input))),
  /** Delete documents by identifier; unknown ones are skipped. */
  deleteDocuments: serviceProcedure
    .input(DeleteDocumentsInput)
    .output(DeleteDocumentsOutput)
    .mutation(({ ctx, input }) =>
      trpcErrors(() => deleteDocumentsByIdentifier(ctx.quire, input.identifiers)),
    ),
  /** Simple-mode search by default: whatever a reader types is a valid query. */
  search: serviceProcedure
    .input(ServiceSearchInput)
    .output(ServiceSearchOutput)
    .query(({ ctx, input }) =>
      trpcErrors(() => {
        const result = searchByName(ctx.quire, {
          q: input.q,
          mode: input.mode,
          matching: input.matching,
          typos: input.typos,
          indexes: input.index ? [input.index] : undefined,
          filters: input.filters,
          page: input.page,
          pageSize: input.pageSize,
          highlight: input.highlight,
          facets: input.facets,
          facetLimit: input.facetLimit,
        });
        return {
          total: result.filteredCount,
          ...(result.facets ? { facets: result.facets } : {}),
          page: result.page,
          pages: result.pages,
          results: result.documents.map((d) => ({
            id: d.id,
            identifier: d.identifier,
            title: d.title,
            content: d.content,
            metadata: d.metadata,
            score: d.score ?? null,
            highlight: d.highlight ?? null,
            snippet: d.snippet ?? null,
            titleHighlight: d.titleHighlight ?? null,
          })),
        };
      }),
    ),
});
