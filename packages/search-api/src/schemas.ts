import { API_KEY_SCOPES, METADATA_TYPES, TOKENIZERS } from "@quire/search-db";
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
  /** Metadata keys to count values of over the whole result. */
  facets: z.array(z.string().min(1).max(255)).max(20).optional(),
  /** Values per facet, most frequent first. */
  facetLimit: z.number().int().min(1).max(1000).default(20),
});

export const MetadataTypeSchema = z.enum(METADATA_TYPES);

export const FacetSchema = z.object({
  values: z.array(z.object({ value: z.string(), count: z.number() })),
  documents: z.number(),
  distinct: z.number(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  declared: MetadataTypeSchema.nullable(),
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
  facets: z.record(z.string(), FacetSchema).optional(),
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
  facets: z.array(z.string().min(1).max(255)).max(20).optional(),
  /** Values per facet, most frequent first. */
  facetLimit: z.number().int().min(1).max(1000).default(20),
});
export const ServiceSearchOutput = z.object({
  total: z.number(),
  facets: z.record(z.string(), FacetSchema).optional(),
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

// ---- bulk import -------------------------------------------------------------

/** One document of an import, checked item by item on the server (bad items are reported, not fatal). */
export const ImportItemSchema = z.record(z.string(), z.unknown());

export const ImportDocumentsInput = z
  .object({
    index: IndexNameSchema,
    /** NDJSON text: one document per line (a chunk of a file; the console sends files this way). */
    ndjson: z
      .string()
      .max(16 * 1024 * 1024)
      .optional(),
    /** Or the documents themselves. */
    documents: z.array(ImportItemSchema).max(10_000).optional(),
    /** Create the index when it does not exist (default false: it must exist). */
    createIndex: z.boolean().default(false),
  })
  .refine((v) => (v.ndjson === undefined) !== (v.documents === undefined), {
    message: "Give either ndjson or documents.",
  });

export const ImportDocumentsOutput = z.object({
  index: z.string(),
  read: z.number(),
  created: z.number(),
  updated: z.number(),
  failed: z.number(),
  documentCount: z.number(),
  errors: z.array(z.object({ item: z.number(), error: z.string() })),
});

// ---- index fields (declared metadata types) -----------------------------------

export const IndexFieldsSchema = z.record(z.string().min(1).max(255), MetadataTypeSchema);

export const IndexFieldsOutput = z.object({
  /** Types the index declares. */
  declared: IndexFieldsSchema,
  /** Per key of its documents' metadata: how many values of each inferred type. */
  inferred: z.record(z.string(), z.record(z.string(), z.number())),
});

export const SetIndexFieldsInput = z.object({
  index: IndexNameSchema,
  /** Key → type to declare, or null to undeclare. */
  fields: z.record(z.string().min(1).max(255), MetadataTypeSchema.nullable()),
});

// ---- index settings -------------------------------------------------------------

export const WeightsSchema = z.object({
  title: z.number().positive().max(100),
  content: z.number().positive().max(100),
});

/**
 * `porter` (English stemming, the default), `unicode61` (words as written),
 * `trigram` (substrings of 3+ characters). Changing it reindexes the index's
 * documents with that tokenizer, in the same transaction.
 */
export const TokenizerSchema = z.enum(TOKENIZERS, {
  error: () => `Unknown tokenizer: use one of ${TOKENIZERS.join(", ")}.`,
});

export const IndexSettingsSchema = z.object({
  weights: WeightsSchema.optional(),
  synonyms: z.record(z.string(), z.array(z.string())).optional(),
  stopWords: z.array(z.string()).optional(),
  tokenizer: TokenizerSchema.optional(),
});

export const IndexSettingsOutput = z.object({
  /** As stored: only what differs from the defaults. */
  settings: IndexSettingsSchema,
  /** What searches in the index use. */
  effective: z.object({
    weights: WeightsSchema,
    synonyms: z.record(z.string(), z.array(z.string())),
    stopWords: z.array(z.string()),
    tokenizer: TokenizerSchema,
  }),
});

/** Each field given replaces the stored one; null goes back to the default. */
export const UpdateIndexSettingsInput = z.object({
  name: IndexNameSchema,
  data: z.object({
    weights: WeightsSchema.nullish(),
    synonyms: z.record(z.string(), z.array(z.string()).max(20)).nullish(),
    stopWords: z.array(z.string()).max(1000).nullish(),
    tokenizer: TokenizerSchema.nullish(),
  }),
});

// ---- API keys ---------------------------------------------------------------------

export const ApiKeySchema = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  scope: z.enum(API_KEY_SCOPES),
  indexes: z.array(z.string()).nullable(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
});

export const CreateApiKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  scope: z.enum(API_KEY_SCOPES),
  /** Limit the key (search or admin) to these indexes; absent or empty: every index. */
  indexes: z.array(IndexNameSchema).max(100).optional(),
});

/** The new key's record and, this once, the key itself. */
export const CreateApiKeyOutput = z.object({ apiKey: ApiKeySchema, key: z.string() });
