import { sql } from "drizzle-orm";
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const createdAt = integer("created_at", { mode: "timestamp_ms" })
  .notNull()
  .default(sql`(unixepoch('subsec') * 1000)`);

/** Scout's model: named indexes; a document may belong to several. */
export const indexes = sqliteTable("indexes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  /** Documents linked to the index, kept by triggers on index_documents (drizzle/0008_index_counts.sql). */
  documentCount: integer("document_count").notNull().default(0),
  /**
   * Bumped by the same triggers at every link added to or removed from the
   * index (drizzle/0013_index_links_version.sql): the search keeps which
   * documents an index holds until it changes.
   */
  linksVersion: integer("links_version").notNull().default(0),
  /** Search settings of the index (JSON, see `IndexSettings`); {} is every default. */
  settings: text("settings", { mode: "json" }).$type<IndexSettings>().notNull().default({}),
  createdAt,
});

/** How searches in one index behave; every field optional (absent: the default). */
export interface IndexSettings {
  /** bm25 weights of the title and content columns (default 3 and 1). */
  weights?: { title: number; content: number };
  /** A word → words (or phrases) also matched for it, as if typed (one-way: list both ways for two-way). */
  synonyms?: Record<string, string[]>;
  /** Words left out of simple queries (unless only they were typed). */
  stopWords?: string[];
  /**
   * How text is split into searchable terms (default porter); see
   * `TOKENIZERS` in queries/tokenizers.ts and drizzle/0012_fts_tokenizers.sql.
   */
  tokenizer?: "porter" | "unicode61" | "trigram";
}

export const API_KEY_SCOPES = ["admin", "search"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * Keys for the REST API besides the master key: `admin` may do anything,
 * `search` may only search (optionally only some indexes). The key itself is
 * shown once at creation; only its SHA-256 is kept (keys are 256 random bits,
 * so a fast hash is enough).
 */
export const apiKeys = sqliteTable("api_keys", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  /** The key's first characters, to tell keys apart in lists. */
  prefix: text("prefix").notNull(),
  hash: text("hash").notNull().unique(),
  scope: text("scope", { enum: API_KEY_SCOPES }).notNull(),
  /** Index names a search key is limited to; null: every index. */
  indexes: text("indexes", { mode: "json" }).$type<string[] | null>(),
  createdAt,
  lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
});

export const documents = sqliteTable("documents", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** Optional caller-chosen key, unique when present. */
  identifier: text("identifier").unique(),
  /**
   * Optional title, indexed in its own FTS5 column so ranking can weigh it
   * above the body (`bm25(documents_fts, title, content)`). Null: none.
   */
  title: text("title"),
  content: text("content").notNull(),
  createdAt,
  updatedAt: integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});

export const indexDocuments = sqliteTable(
  "index_documents",
  {
    indexId: integer("index_id")
      .notNull()
      .references(() => indexes.id, { onDelete: "cascade" }),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.indexId, t.documentId] }),
    index("index_documents_doc_idx").on(t.documentId),
  ],
);

/** What a metadata value is, inferred from its text when written (see `typedMetadata`). */
export const METADATA_TYPES = ["string", "number", "date", "boolean"] as const;
export type MetadataType = (typeof METADATA_TYPES)[number];

export const metadata = sqliteTable(
  "metadata",
  {
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    /** As written (Scout stores every value as text). */
    value: text("value").notNull(),
    type: text("type", { enum: METADATA_TYPES }).notNull().default("string"),
    /** For sorting and ranges: the number, a date as epoch milliseconds, a boolean as 1 or 0; null for text. */
    num: real("num"),
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.key] }),
    index("metadata_key_value_idx").on(t.key, t.value),
    index("metadata_key_num_idx").on(t.key, t.num),
  ],
);

/**
 * Types an index declares for metadata keys. A declared type decides how
 * filters, sorting and facets read the key in that index (a value that is not
 * of that type counts as missing); without one, each value's inferred type.
 */
export const indexFields = sqliteTable(
  "index_fields",
  {
    indexId: integer("index_id")
      .notNull()
      .references(() => indexes.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    type: text("type", { enum: METADATA_TYPES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.indexId, t.key] })],
);

/**
 * Attachment bytes, stored once per distinct content: the key is the SHA-256 of
 * the uncompressed bytes (hex), the data is deflate-compressed (zlib
 * deflateRaw). A trigger (drizzle/0003_blob_gc.sql) deletes a blob when its
 * last attachment goes.
 */
export const blobs = sqliteTable("blobs", {
  hash: text("hash").primaryKey(),
  data: blob("data", { mode: "buffer" }).notNull(),
  /** Length of the uncompressed bytes. */
  size: integer("size").notNull(),
});

/** A file attached to a document (Scout's `Attachment`): one per (document, filename). */
export const attachments = sqliteTable(
  "attachments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    /** Sanitized on upload: letters, digits, `_`, `-`, `.` only. */
    filename: text("filename").notNull(),
    mimetype: text("mimetype").notNull(),
    hash: text("hash")
      .notNull()
      .references(() => blobs.hash),
    timestamp: integer("timestamp", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    uniqueIndex("attachments_document_filename_unique").on(t.documentId, t.filename),
    index("attachments_hash_idx").on(t.hash),
    index("attachments_filename_idx").on(t.filename),
    index("attachments_mimetype_idx").on(t.mimetype),
  ],
);
