import { z } from "zod";

import { IDENTIFIER_MESSAGE, IDENTIFIER_RE } from "./documents";
import { MATCHINGS, SEARCH_MODES } from "./search/query";
import { MAX_QUERY_LENGTH } from "./search/query";
import { RANKINGS } from "./search/search";

export const IndexSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  documentCount: z.number(),
  createdAt: z.date(),
});

export const IndexNameSchema = z.string().min(1).max(255);

export const AttachmentSchema = z.object({
  id: z.number(),
  documentId: z.number(),
  filename: z.string(),
  mimetype: z.string(),
  hash: z.string(),
  size: z.number(),
  timestamp: z.date(),
});

/**
 * Metadata as tRPC sends it. superjson refuses objects with the keys
 * `__proto__`, `constructor` or `prototype` (its prototype-pollution guard),
 * so those keys, legal in Scout's REST API, are left out here.
 */
export const MetadataSchema = z
  .record(z.string(), z.string())
  .transform((m) =>
    Object.fromEntries(
      Object.entries(m).filter(
        ([k]) => k !== "__proto__" && k !== "constructor" && k !== "prototype",
      ),
    ),
  );

export const DocumentSchema = z.object({
  id: z.number(),
  identifier: z.string().nullable(),
  title: z.string().nullable(),
  content: z.string(),
  indexes: z.array(z.string()),
  metadata: MetadataSchema,
  attachments: z.array(AttachmentSchema),
});

export const IdentifierSchema = z
  .string()
  .min(1)
  .max(1024)
  .regex(IDENTIFIER_RE, IDENTIFIER_MESSAGE);
/** A document reference: its identifier, or its numeric id. */
export const DocumentRefSchema = z.union([
  z.number().int().positive(),
  z.string().min(1).max(1024),
]);

/** Metadata values are stored as strings (numbers and booleans as Scout writes them); null deletes on merge. */
export const MetadataInputSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);

/** A document title: empty or null means none. */
export const TitleSchema = z.string().max(10_000).nullish();

export const CreateDocumentInput = z.object({
  content: z.string().max(10_000_000),
  title: TitleSchema,
  indexes: z.array(IndexNameSchema).min(1),
  identifier: IdentifierSchema.nullish(),
  metadata: MetadataInputSchema.nullish(),
});

export const UpdateDocumentInput = z.object({
  id: DocumentRefSchema,
  data: z.object({
    content: z.string().max(10_000_000).optional(),
    title: TitleSchema,
    identifier: IdentifierSchema.nullish(),
    indexes: z.array(IndexNameSchema).optional(),
    metadata: MetadataInputSchema.nullish(),
  }),
});

export const HighlightSchema = z.object({
  start: z.string().max(100).default("<mark>"),
  end: z.string().max(100).default("</mark>"),
  crop: z.number().int().min(1).max(64).default(24),
  ellipsis: z.string().max(100).default("…"),
});

export const FiltersSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

export const SearchInput = z.object({
  q: z.string().max(MAX_QUERY_LENGTH).default(""),
  /** `simple` (default): anything typed is valid. `advanced`: raw FTS5 syntax. */
  mode: z.enum(SEARCH_MODES).default("simple"),
  /** `default`: words, then typos, then bm25 with the title weighted; `bm25`: plain bm25; `none`. */
  ranking: z.enum(RANKINGS).default("default"),
  /** Simple mode: `any` word may match (documents with every word first) or `all` must. */
  matching: z.enum(MATCHINGS).default("any"),
  /** Simple mode, default ranking: match words one or two typos away from unknown words typed. */
  typos: z.boolean().default(true),
  /** Index names; absent: every document. */
  indexes: z.array(IndexNameSchema).optional(),
  /** Scout metadata filters: `{ "city": ["Lawrence", "Topeka"], "dob__ge": "1983-01-01" }`. */
  filters: FiltersSchema.default({}),
  ordering: z.array(z.string().max(64)).max(8).default([]),
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
  highlight: z.union([z.boolean(), HighlightSchema]).default(false),
});

export const SearchHitSchema = DocumentSchema.extend({
  score: z.number().optional(),
  titleHighlight: z.string().optional(),
  highlight: z.string().optional(),
  snippet: z.string().optional(),
});

export const SearchOutput = z.object({
  documents: z.array(SearchHitSchema),
  filteredCount: z.number(),
  page: z.number(),
  pages: z.number(),
  ranked: z.boolean(),
});

// ---- service contract (other Quire apps) -----------------------------------

export const UpsertDocumentsInput = z.object({
  index: IndexNameSchema,
  documents: z
    .array(
      z.object({
        identifier: IdentifierSchema,
        title: TitleSchema,
        content: z.string().max(10_000_000),
        metadata: MetadataInputSchema.optional(),
      }),
    )
    .max(1000),
});
export const UpsertDocumentsOutput = z.object({
  created: z.number(),
  updated: z.number(),
  ids: z.array(z.number()),
});

export const DeleteDocumentsInput = z.object({ identifiers: z.array(IdentifierSchema).max(1000) });
export const DeleteDocumentsOutput = z.object({ deleted: z.number() });

export const ServiceSearchInput = z.object({
  q: z.string().max(MAX_QUERY_LENGTH).default(""),
  mode: z.enum(SEARCH_MODES).default("simple"),
  matching: z.enum(MATCHINGS).default("any"),
  typos: z.boolean().default(true),
  index: IndexNameSchema.optional(),
  filters: FiltersSchema.default({}),
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(10),
  highlight: z.boolean().default(false),
});
export const ServiceSearchOutput = z.object({
  total: z.number(),
  page: z.number(),
  pages: z.number(),
  results: z.array(
    z.object({
      id: z.number(),
      identifier: z.string().nullable(),
      title: z.string().nullable(),
      content: z.string(),
      metadata: MetadataSchema,
      score: z.number().nullable(),
      highlight: z.string().nullable(),
      snippet: z.string().nullable(),
      titleHighlight: z.string().nullable(),
    }),
  ),
});
