import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

const createdAt = integer("created_at", { mode: "timestamp_ms" })
  .notNull()
  .default(sql`(unixepoch('subsec') * 1000)`);

/** Scout's model: named indexes; a document may belong to several. */
export const indexes = sqliteTable("indexes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  createdAt,
});

export const documents = sqliteTable("documents", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** Optional caller-chosen key, unique when present. */
  identifier: text("identifier").unique(),
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
  (t) => [primaryKey({ columns: [t.indexId, t.documentId] }), index("index_documents_doc_idx").on(t.documentId)],
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
  (t) => [primaryKey({ columns: [t.documentId, t.key] }), index("metadata_key_value_idx").on(t.key, t.value)],
);
