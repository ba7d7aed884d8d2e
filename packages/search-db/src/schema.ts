import { sql } from "drizzle-orm";
import {
  blob,
  index,
  integer,
  primaryKey,
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
  createdAt,
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

export const metadata = sqliteTable(
  "metadata",
  {
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: text("value").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.key] }),
    index("metadata_key_value_idx").on(t.key, t.value),
  ],
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
