import { z } from "zod";

import { importDocuments } from "../bulk";
import { createDocument, deleteDocument, getDocument, updateDocument } from "../documents";
import { parseImport } from "../import-stream";
import { trpcErrors } from "../errors";
import {
  CreateDocumentInput,
  DocumentRefSchema,
  DocumentSchema,
  ImportDocumentsInput,
  ImportDocumentsOutput,
  SearchInput,
  SearchOutput,
  UpdateDocumentInput,
} from "../schemas";
import { searchByName } from "../search/search";
import { adminProcedure, router } from "../trpc";

export const documentsRouter = router({
  /** Documents of some indexes (or all), filtered and paged; same input as `search`. */
  list: adminProcedure
    .input(SearchInput)
    .output(SearchOutput)
    .query(({ ctx, input }) => trpcErrors(() => searchByName(ctx.quire, input))),
  get: adminProcedure
    .input(z.object({ id: DocumentRefSchema }))
    .output(DocumentSchema)
    .query(({ ctx, input }) => trpcErrors(() => getDocument(ctx.quire, input.id))),
  create: adminProcedure
    .input(CreateDocumentInput)
    .output(DocumentSchema)
    .mutation(({ ctx, input }) => trpcErrors(() => createDocument(ctx.quire, input))),
  update: adminProcedure
    .input(UpdateDocumentInput)
    .output(DocumentSchema)
    .mutation(({ ctx, input }) =>
      trpcErrors(() => updateDocument(ctx.quire, input.id, input.data)),
    ),
  /**
   * Bulk import into one index: upserts by identifier, group-committed, exact
   * counts; bad items are reported by position, the others go in. A file is
   * sent as NDJSON chunks (one call per chunk gives the caller its progress).
   */
  import: adminProcedure
    .input(ImportDocumentsInput)
    .output(ImportDocumentsOutput)
    .mutation(({ ctx, input }) =>
      trpcErrors(() =>
        importDocuments(
          ctx.quire,
          input.index,
          input.ndjson !== undefined ? parseImport([input.ndjson], "ndjson") : input.documents!,
          { createIndex: input.createIndex },
        ),
      ),
    ),
  delete: adminProcedure
    .input(z.object({ id: DocumentRefSchema }))
    .output(z.object({ success: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      trpcErrors(async () => {
        await deleteDocument(ctx.quire, input.id);
        return { success: true as const };
      }),
    ),
});
